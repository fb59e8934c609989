/**
 * Which policy applies to a customer: its own assignment, else its subcategory's, else its
 * category's, else the tenant's default policy; none when there is no default either.
 */
export type PolicySource = 'customer' | 'subcategory' | 'category' | 'default';

export interface PolicyAssignments {
  readonly byCategoryId: ReadonlyMap<string, string>;
  readonly defaultPolicyId: string | null;
}

export interface CustomerPolicyKeys {
  readonly policyId: string | null;
  readonly categoryId: string | null;
  readonly subcategoryId: string | null;
}

/** The applying policy and where it came from, or null. */
export function resolvePolicy(
  customer: CustomerPolicyKeys,
  assignments: PolicyAssignments,
): { policyId: string; source: PolicySource } | null {
  if (customer.policyId) return { policyId: customer.policyId, source: 'customer' };
  const sub = customer.subcategoryId ? assignments.byCategoryId.get(customer.subcategoryId) : undefined;
  if (sub) return { policyId: sub, source: 'subcategory' };
  const cat = customer.categoryId ? assignments.byCategoryId.get(customer.categoryId) : undefined;
  if (cat) return { policyId: cat, source: 'category' };
  return assignments.defaultPolicyId ? { policyId: assignments.defaultPolicyId, source: 'default' } : null;
}
