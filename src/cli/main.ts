/**
 * `runCli(argv, io)` → exit code. Parses the command line, opens the runtime (database + default
 * tenant) and dispatches to one command. Errors print one line (plus the rows of a rejected import)
 * on stderr and map to an exit code through `exit-codes.ts`.
 */
import { userInfo } from 'node:os';
import { parseArgs } from 'node:util';
import { ZodError } from 'zod';
import { loadConfig } from '../config.ts';
import {
  constraintViolation,
  databaseErrorOf,
  dataException,
  violationProblem,
} from '../db/constraint-violation.ts';
import { openRuntime, type Runtime } from '../main.ts';
import { type Origin, runFromOrigin } from '../shared/acting-as.ts';
import { AppError } from '../shared/errors.ts';
import { applyPlainValidationMessages } from '../shared/validation-messages.ts';
import { COMMANDS, type CommandSpec } from './commands/index.ts';
import { EXIT_FAILED, EXIT_USAGE, exitCodeFor } from './exit-codes.ts';
import { type CliIo, terminalSafeIo } from './io.ts';

const GLOBAL_OPTIONS = {
  'data-dir': { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

export const USAGE = `Usage: cashloop <command> [options]

Commands:
  start [--port N] [--host H] [--demo-if-empty]   serve the API (default port 3000 or PORT)
  demo [--reset]                                  load the demo company (--reset wipes existing data first)
  import customers FILE [--dry-run] [--json]      import customers from CSV (new ones created, known ones updated)
  import invoices FILE [--dry-run] [--json]       import open items (invoices) from CSV
  bank import FILE [--format F] [--profile P] [--dry-run] [--json]
                                                  import a bank statement (camt.052/053/054, MT940/942, BAI2, OFX, CSV)
  remittance import FILE [--format csv|camt.054] [--currency C] [--json]
                                                  import a customer's remittance advice (which invoices a lump sum pays)
  cash-apply [--dry-run] [--json]                 match unprocessed bank lines to open invoices; apply the sure ones
  customers list [--status S] [--limit N] [--json]
  customers risk EXTERNAL_ID [--as-of YYYY-MM-DD] [--json]   the risk score (0–100) with its band and reasons
  invoices list [--status S] [--customer C] [--limit N] [--json]   (S: draft, issued, partially_paid, paid, credited, void, written_off, overdue)
  apikey create --role ROLE [--scope LEVEL] [--expires 90d|DATE] [--label L]
                                                  create an API key (admin, credit_manager, accountant, collector, viewer), kept below
                                                  LEVEL (read, collect, write, credit, admin) and ending after DATE; printed once
  user create --email E --role ROLE [--name N] [--password-stdin] [--json]
                                                  create a user who signs in; without --password-stdin a password is generated and printed once
  user list [--json]                              the users, their roles and whether they are disabled or locked
  user reset-password --email E [--json]          a new generated password (printed once); ends the user's sessions
  numbering list [--json]                         the numbering series (invoices, credit notes, dunning charges) and their next number
  numbering set SERIES [--pattern P|--prefix P] [--digits N] [--next N] [--year YYYY] [--json]
                                                  change (or add) a series, e.g. --pattern 'INV-{YYYY}-{seq}'; next never below a number taken
  ledger trial-balance [--json]
  ledger reconcile [--json]                       exit code 1 when AR subledger ≠ AR control or a bank account's cash account ≠ its booked lines
  audit verify [--checkpoint FILE] [--json]       check the audit trail's hash chain (exit code 1 names the first broken record)
  audit checkpoint --out FILE [--json]            sign the chain's head (CASHLOOP_AUDIT_SIGNING_KEY) for safekeeping
  report aging [--as-of YYYY-MM-DD] [--basis due_date|invoice_date] [--json]
  outbox deliver [--limit N] [--all-tenants] [--json]   send the messages that are due (SMTP_URL, else .eml files)
  messages list [--status queued|sending|sent|failed] [--kind K] [--customer C] [--limit N] [--json]
  messages retry ID [--json]                      put a failed message back in the queue
  worker [--concurrency N]                        run the background jobs (PostgreSQL: beside \`start\`; several may run)
  jobs list [--tenant ID] [--json]                schedules, queue counts, recent runs and failures
  jobs run NAME [--tenant ID] [--date D] [--json] run a job now and wait for it (exit 1 when it fails)
  worklist [--collector ID|unassigned] [--limit N] [--as-of YYYY-MM-DD] [--json]
                                                  customers to contact today, best first, with the reasons
  promises check [--as-of YYYY-MM-DD] [--json]    settle open promises to pay (kept or broken)
  credit check [--as-of YYYY-MM-DD] [--json]      evaluate the automatic credit holds
  disputes list [--status open|resolved|rejected] [--limit N] [--json]
  dunning run [--as-of YYYY-MM-DD] [--dry-run] [--json]
                                                  plan, record and email the reminders due (delivered before it exits)
  dunning policy presets [--json]                 the ready-made dunning policies
  dunning policy add-preset KEY [--name N] [--default] [--json]
                                                  add one (the default when there is none yet)
  dunning letters print [--run ID] [--out FILE.pdf] [--mark-sent] [--json]
                                                  one PDF of the planned letters for the post (each with its statement);
                                                  --mark-sent records them as printed and posted
  invoices pdf NUMBER [--out FILE] [--json]       the PDF of an issued invoice or credit note
  invoices einvoice NUMBER [--format F] [--out FILE|-] [--json]
                                                  its EN 16931 e-invoice: ubl, xrechnung-ubl, cii, xrechnung-cii
  invoices send NUMBER [--to ADDRESS] [--json]    email an issued invoice or credit note now, with its PDF
  invoices deliver [--json]                       email the documents issued and not delivered yet
  customers statement EXTERNAL_ID [--as-of DATE] [--out FILE] [--json]   a statement PDF
  statements send CUSTOMER [--as-of DATE] [--to ADDRESS] [--json]        email a statement now
  statements monthly [--date DATE] [--json]       the monthly statements as of the previous month's end
  ar-pack --month YYYY-MM [--out FILE.pdf] [--json]   the monthly AR pack of a closed month (PDF)
  ar-pack send [--date DATE] [--json]             mail the AR pack of the month before DATE, once (as the job on the 2nd)

Global options: --data-dir DIR (or CASHLOOP_DATA_DIR; default ./.cashloop). DATABASE_URL=postgres://… uses PostgreSQL.
`;

export async function runCli(argv: readonly string[], terminalIo: CliIo): Promise<number> {
  applyPlainValidationMessages();
  const io = terminalSafeIo(terminalIo);
  const found = findCommand(argv);
  if (!found || argv.includes('--help') || argv.includes('-h')) {
    (found || argv.length === 0 || argv.includes('--help') || argv.includes('-h') ? io.stdout : io.stderr)(
      USAGE,
    );
    return found || argv.length === 0 || argv.includes('--help') || argv.includes('-h') ? 0 : EXIT_USAGE;
  }
  const { spec, rest } = found;
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({
      args: [...rest],
      options: { ...GLOBAL_OPTIONS, ...spec.options },
      allowPositionals: true,
      strict: true,
    });
  } catch (error) {
    io.stderr(`error: ${(error as Error).message}\n${spec.usage}\n`);
    return EXIT_USAGE;
  }
  if (parsed.positionals.length !== spec.positionals.length) {
    io.stderr(
      `error: expected ${spec.positionals.length ? spec.positionals.join(' ') : 'no arguments'}\nusage: ${spec.usage}\n`,
    );
    return EXIT_USAGE;
  }
  return runWithRuntime(spec, parsed, io);
}

function findCommand(argv: readonly string[]): { spec: CommandSpec; rest: readonly string[] } | null {
  for (const spec of COMMANDS) {
    const words = spec.name.split(' ');
    if (words.every((w, i) => argv[i] === w)) return { spec, rest: argv.slice(words.length) };
  }
  return null;
}

/** The command line as the origin of what a command changes: the command and the OS user. */
function cliOrigin(spec: CommandSpec): Origin {
  let user = 'unknown user';
  try {
    user = userInfo().username;
  } catch {
    // No passwd entry for this uid (some containers): the command alone names the origin.
  }
  return { channel: 'cli', ip: null, agent: `cashloop ${spec.name} (${user})` };
}

async function runWithRuntime(
  spec: CommandSpec,
  parsed: ReturnType<typeof parseArgs>,
  io: CliIo,
): Promise<number> {
  let runtime: Runtime | null = null;
  try {
    const values = parsed.values as Record<string, string | boolean | undefined>;
    const config = loadConfig(
      {
        dataDir: values['data-dir'] as string | undefined,
        port: values.port as string | undefined,
        host: values.host as string | undefined,
      },
      io.env,
    );
    runtime = await openRuntime(config);
    const ready = runtime;
    return await runFromOrigin(cliOrigin(spec), () =>
      spec.run({ runtime: ready, io, values, positionals: parsed.positionals }),
    );
  } catch (error) {
    return reportError(error, io);
  } finally {
    if (runtime && !spec.keepsRunning) await runtime.close();
  }
}

/** Collapse a message onto one line (a message never spreads over several). */
function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/**
 * Print why a command failed and return its exit code: `error: <reason>` on one line, then one line
 * per detail (`  line 3, field name: …`). Database errors show their own reason (constraint and
 * field, or the refused value), never the SQL text or its parameters.
 */
export function reportError(error: unknown, io: CliIo): number {
  if (error instanceof AppError) {
    io.stderr(`error: ${oneLine(error.message)}\n`);
    for (const d of error.details) {
      const where = [d.line !== undefined ? `line ${d.line}` : '', d.field ? `field ${d.field}` : '']
        .filter(Boolean)
        .join(', ');
      io.stderr(`  ${where ? `${where}: ` : ''}${d.message}\n`);
    }
    return exitCodeFor(error.code);
  }
  if (error instanceof ZodError) {
    io.stderr(`error: invalid input\n`);
    for (const issue of error.issues)
      io.stderr(`  field ${issue.path.join('.') || '(root)'}: ${issue.message}\n`);
    return exitCodeFor('validation_failed');
  }
  return reportUnexpected(error, io);
}

function reportUnexpected(error: unknown, io: CliIo): number {
  const violation = constraintViolation(error);
  if (violation) {
    const { detail, errors } = violationProblem(violation);
    io.stderr(`error: ${oneLine(detail)}\n`);
    for (const d of errors) io.stderr(`  field ${d.field}: ${oneLine(d.message)}\n`);
    return exitCodeFor('conflict');
  }
  const rejected = dataException(error);
  if (rejected) {
    io.stderr(`error: the database refused a value: ${rejected.message}\n`);
    return exitCodeFor('validation_failed');
  }
  const database = databaseErrorOf(error);
  const message = database
    ? `the database refused the operation: ${database.message} (SQLSTATE ${database.code})`
    : error instanceof Error
      ? error.message
      : String(error);
  io.stderr(`error: ${oneLine(message)}\n`);
  return EXIT_FAILED;
}
