/**
 * Case- and accent-insensitive text for search, the same rule on every back end (PGlite has no
 * `unaccent`): lower case, Latin letters with diacritics folded to their base letter, ß to ss.
 * `foldedText(sql\`name\`)` → `lower(translate(replace(name, 'ß', 'ss'), 'ÀÁ…', 'AA…'))`; a search
 * folds both the column and the term with it, so "muller" finds "Müller" and "MÜLLER".
 */
import { type SQL, sql } from 'drizzle-orm';

const FROM =
  'ÀÁÂÃÄÅĀĂĄàáâãäåāăąÇĆČçćčĎďÈÉÊËĒĖĘĚèéêëēėęěÌÍÎÏĪĮìíîïīįŁłÑŃŇñńňÒÓÔÕÖØŌŐòóôõöøōőŘřŚŠŞśšşŤťÙÚÛÜŪŮŰùúûüūůűÝŸýÿŹŻŽźżž';
const TO =
  'AAAAAAAAAaaaaaaaaaCCCcccDdEEEEEEEEeeeeeeeeIIIIIIiiiiiiLlNNNnnnOOOOOOOOooooooooRrSSSsssTtUUUUUUUuuuuuuuYYyyZZZzzz';

/** `expr` folded for search (see the module comment); null stays null. */
export function foldedText(expr: SQL): SQL {
  return sql`lower(translate(replace(${expr}, 'ß', 'ss'), ${sql.raw(`'${FROM}'`)}, ${sql.raw(`'${TO}'`)}))`;
}

/** A LIKE pattern matching `term` anywhere, with `%`, `_` and `\` taken literally. */
export function containsPattern(term: string): string {
  return `%${term.replace(/[%_\\]/g, (c) => `\\${c}`)}%`;
}
