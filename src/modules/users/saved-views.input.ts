/** Zod schemas for saved views (API and CLI). */
import { z } from 'zod';

export const SAVED_VIEW_PAGES = ['invoices'] as const;

const query = z
  .string()
  .max(2000)
  .regex(/^[^?#]*$/, 'the query string without ? or #, like status=issued&sort=-dueDate');

export const savedViewInput = z
  .object({
    page: z.enum(SAVED_VIEW_PAGES),
    name: z.string().trim().min(1).max(100),
    query,
    shared: z.boolean().optional().describe('everyone in the tenant sees it (default false)'),
    isDefault: z.boolean().optional().describe("the owner's default view of the page (one per page)"),
  })
  .strict();
export type SavedViewInput = z.infer<typeof savedViewInput>;

export const savedViewPatch = savedViewInput.omit({ page: true }).partial().strict();
export type SavedViewPatch = z.infer<typeof savedViewPatch>;
