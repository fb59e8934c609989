/**
 * The words of sessions (one's own, and a user's for an admin) and of API keys' scope and expiry,
 * English and German, spread into the catalogue in messages.ts; `de` must have every key of `en`.
 * What a scope covers follows the access levels of the API (docs/api.md, "Roles"): each level
 * keeps the ones below it of the key's role.
 */
export const accessEn = {
  'app.mySessions': 'Your sessions',
  'settings.section.sessions': 'Your sessions',
  'sessions.hint':
    'Where you are signed in. A session ends when you sign out there, when it is not used for a while, or when you sign out the others here.',
  'sessions.none': 'No session.',
  'sessions.device': 'Browser and system',
  'sessions.browserOn': '{browser} on {system}',
  'sessions.unknownDevice': 'Unknown browser',
  'sessions.ip': 'IP address',
  'sessions.signedIn': 'Signed in',
  'sessions.lastUsed': 'Last used',
  'sessions.expires': 'Ends',
  'sessions.current': 'This session',
  'sessions.signOutOthers': 'Sign out all other sessions',
  'sessions.confirmSignOutOthers':
    'Sign out your {count} other session(s)? Every other browser must sign in again; this one stays signed in.',
  'sessions.signedOutOthers': '{count} other session(s) signed out.',
  'sessions.show': 'Sessions',
  'sessions.ofUser': 'Sessions of {email}',
  'sessions.end': 'End',
  'sessions.confirmEndOne': 'End this session of {email}? That browser must sign in again.',
  'sessions.endAll': 'End all sessions',
  'sessions.confirmEndAll': 'End all {count} session(s) of {email}? They must sign in again everywhere.',
  'sessions.endedAll': '{count} session(s) of {email} ended.',
  'settings.apiKeys.scope': 'Scope',
  'settings.apiKeys.scopeAll': 'All of the role',
  'settings.apiKeys.scopeAllCovers': 'The key may do everything its role may.',
  'settings.apiKeys.scopeName.read': 'Read',
  'settings.apiKeys.scopeName.collect': 'Collect',
  'settings.apiKeys.scopeName.write': 'Write',
  'settings.apiKeys.scopeName.credit': 'Credit',
  'settings.apiKeys.scopeName.admin': 'Admin',
  'settings.apiKeys.scope.read':
    'Read: lists, documents, PDFs, the ledger, reports and exports; changes nothing.',
  'settings.apiKeys.scope.collect':
    'Collect: read, plus activities (calls, notes), promises to pay, opening disputes.',
  'settings.apiKeys.scope.write':
    'Write: collect, plus customers, invoices, credit notes, receipts, write-offs, bank statements, dunning, deciding disputes.',
  'settings.apiKeys.scope.credit': 'Credit: write, plus credit limits and holds and overriding them.',
  'settings.apiKeys.scope.admin':
    'Admin: everything, including users, API keys, message templates, letterhead and numbering.',
  'settings.apiKeys.expires': 'Expires',
  'settings.apiKeys.noExpiry': 'Never',
  'settings.apiKeys.expired': 'Expired',
  'settings.apiKeys.validThrough': 'Valid through',
  'settings.apiKeys.validThroughHint': 'It stops working at the end of the chosen day.',
  'settings.apiKeys.noExpiryHint': 'Without a date it works until revoked.',
  'settings.apiKeys.lastUsed': 'Last used',
  'settings.apiKeys.neverUsed': 'Never',
  'settings.apiKeys.copy': 'Copy',
  'settings.apiKeys.copied': 'Copied',
} as const;

export const accessDe: Record<keyof typeof accessEn, string> = {
  'app.mySessions': 'Ihre Sitzungen',
  'settings.section.sessions': 'Ihre Sitzungen',
  'sessions.hint':
    'Wo Sie angemeldet sind. Eine Sitzung endet, wenn Sie sich dort abmelden, wenn sie eine Weile nicht genutzt wird, oder wenn Sie hier die anderen abmelden.',
  'sessions.none': 'Keine Sitzung.',
  'sessions.device': 'Browser und System',
  'sessions.browserOn': '{browser} auf {system}',
  'sessions.unknownDevice': 'Unbekannter Browser',
  'sessions.ip': 'IP-Adresse',
  'sessions.signedIn': 'Angemeldet',
  'sessions.lastUsed': 'Zuletzt genutzt',
  'sessions.expires': 'Endet',
  'sessions.current': 'Diese Sitzung',
  'sessions.signOutOthers': 'Alle anderen Sitzungen abmelden',
  'sessions.confirmSignOutOthers':
    'Ihre {count} anderen Sitzung(en) abmelden? Jeder andere Browser muss sich neu anmelden; dieser bleibt angemeldet.',
  'sessions.signedOutOthers': '{count} andere Sitzung(en) abgemeldet.',
  'sessions.show': 'Sitzungen',
  'sessions.ofUser': 'Sitzungen von {email}',
  'sessions.end': 'Beenden',
  'sessions.confirmEndOne': 'Diese Sitzung von {email} beenden? Dieser Browser muss sich neu anmelden.',
  'sessions.endAll': 'Alle Sitzungen beenden',
  'sessions.confirmEndAll':
    'Alle {count} Sitzung(en) von {email} beenden? Die Person muss sich überall neu anmelden.',
  'sessions.endedAll': '{count} Sitzung(en) von {email} beendet.',
  'settings.apiKeys.scope': 'Umfang',
  'settings.apiKeys.scopeAll': 'Alles der Rolle',
  'settings.apiKeys.scopeAllCovers': 'Der Schlüssel darf alles, was seine Rolle darf.',
  'settings.apiKeys.scopeName.read': 'Lesen',
  'settings.apiKeys.scopeName.collect': 'Forderungsmanagement',
  'settings.apiKeys.scopeName.write': 'Schreiben',
  'settings.apiKeys.scopeName.credit': 'Kredit',
  'settings.apiKeys.scopeName.admin': 'Administration',
  'settings.apiKeys.scope.read':
    'Lesen: Listen, Belege, PDFs, das Hauptbuch, Berichte und Exporte; ändert nichts.',
  'settings.apiKeys.scope.collect':
    'Forderungsmanagement: Lesen, dazu Aktivitäten (Anrufe, Notizen), Zahlungszusagen, Reklamationen eröffnen.',
  'settings.apiKeys.scope.write':
    'Schreiben: Forderungsmanagement, dazu Kunden, Rechnungen, Gutschriften, Zahlungen, Abschreibungen, Kontoauszüge, Mahnwesen, Reklamationen entscheiden.',
  'settings.apiKeys.scope.credit':
    'Kredit: Schreiben, dazu Kreditlimits und Sperren und deren Übersteuerung.',
  'settings.apiKeys.scope.admin':
    'Administration: alles, auch Benutzer, API-Schlüssel, Nachrichtenvorlagen, Briefkopf und Nummernkreise.',
  'settings.apiKeys.expires': 'Läuft ab',
  'settings.apiKeys.noExpiry': 'Nie',
  'settings.apiKeys.expired': 'Abgelaufen',
  'settings.apiKeys.validThrough': 'Gültig bis einschließlich',
  'settings.apiKeys.validThroughHint': 'Er funktioniert bis zum Ende des gewählten Tages.',
  'settings.apiKeys.noExpiryHint': 'Ohne Datum funktioniert er, bis er widerrufen wird.',
  'settings.apiKeys.lastUsed': 'Zuletzt genutzt',
  'settings.apiKeys.neverUsed': 'Nie',
  'settings.apiKeys.copy': 'Kopieren',
  'settings.apiKeys.copied': 'Kopiert',
};
