/**
 * The words of a transcript in each language the package ships (the relay writes the session's
 * language: see `transcriptLanguage` and the `lang` token claim). User text is never in here;
 * `{name}` placeholders are filled by {@link transcriptTerm}.
 */
export const TRANSCRIPT_STRINGS = {
  en: {
    heading: 'Session transcript',
    htmlTitle: 'Transcript of session {id}',
    session: 'Session',
    started: 'Started',
    ended: 'Ended',
    endedBy: '{time} by {who}',
    participants: 'Participants',
    none: '(none)',
    joined: '{who} joined',
    left: '{who} left',
    sessionEndedBy: 'session ended by {who}',
    replyTo: 'reply to {who}',
    unknownMessage: 'unknown message',
    deletedMessage: 'deleted message',
    messageDeletedBy: 'message deleted by {who}',
    file: 'file',
    removed: 'removed',
    edited: 'edited',
    reactions: 'reactions',
    technician: 'technician',
    customer: 'customer',
    admin: 'admin',
    liveTransfer: 'sent directly, not stored:',
    receivedBy: '{who}: {outcome}',
    'outcome.completed': 'received, checked',
    'outcome.declined': 'declined',
    'outcome.cancelled': 'cancelled',
    'outcome.failed': 'failed',
    'outcome.unfinished': 'not finished',
  },
  de: {
    heading: 'Sitzungstranskript',
    htmlTitle: 'Transkript der Sitzung {id}',
    session: 'Sitzung',
    started: 'Begonnen',
    ended: 'Beendet',
    endedBy: '{time} von {who}',
    participants: 'Teilnehmende',
    none: '(keine)',
    joined: '{who} ist beigetreten',
    left: '{who} hat die Sitzung verlassen',
    sessionEndedBy: 'Sitzung beendet von {who}',
    replyTo: 'Antwort an {who}',
    unknownMessage: 'unbekannte Nachricht',
    deletedMessage: 'gelöschte Nachricht',
    messageDeletedBy: 'Nachricht gelöscht von {who}',
    file: 'Datei',
    removed: 'entfernt',
    edited: 'bearbeitet',
    reactions: 'Reaktionen',
    technician: 'Techniker',
    customer: 'Kunde',
    admin: 'Administrator',
    liveTransfer: 'direkt gesendet, nicht gespeichert:',
    receivedBy: '{who}: {outcome}',
    'outcome.completed': 'empfangen, geprüft',
    'outcome.declined': 'abgelehnt',
    'outcome.cancelled': 'abgebrochen',
    'outcome.failed': 'fehlgeschlagen',
    'outcome.unfinished': 'nicht abgeschlossen',
  },
  ar: {
    heading: 'نص الجلسة',
    htmlTitle: 'نص الجلسة {id}',
    session: 'الجلسة',
    started: 'البدء',
    ended: 'الانتهاء',
    endedBy: '{time} بواسطة {who}',
    participants: 'المشاركون',
    none: '(لا أحد)',
    joined: 'انضم {who}',
    left: 'غادر {who}',
    sessionEndedBy: 'أنهى {who} الجلسة',
    replyTo: 'ردًا على {who}',
    unknownMessage: 'رسالة غير معروفة',
    deletedMessage: 'رسالة محذوفة',
    messageDeletedBy: 'حذف {who} الرسالة',
    file: 'ملف',
    removed: 'أُزيل',
    edited: 'معدّلة',
    reactions: 'التفاعلات',
    technician: 'فني',
    customer: 'عميل',
    admin: 'مسؤول',
    liveTransfer: 'أُرسل مباشرةً دون تخزين:',
    receivedBy: '{who}: {outcome}',
    'outcome.completed': 'استُلم وتم التحقق منه',
    'outcome.declined': 'مرفوض',
    'outcome.cancelled': 'أُلغي',
    'outcome.failed': 'فشل',
    'outcome.unfinished': 'لم يكتمل',
  },
} as const satisfies Record<string, Record<string, string>>;

export type TranscriptLanguage = keyof typeof TRANSCRIPT_STRINGS;
export type TranscriptTermKey = keyof (typeof TRANSCRIPT_STRINGS)['en'];

/** The shipped transcript language for a BCP 47 tag (`"de-AT"` → `"de"`); English for others. */
export function transcriptLanguage(lang: string | undefined): TranscriptLanguage {
  const base = (lang ?? 'en').toLowerCase().split('-')[0]!;
  return Object.hasOwn(TRANSCRIPT_STRINGS, base) ? (base as TranscriptLanguage) : 'en';
}

/** A transcript word in `lang`, `{name}` placeholders filled from `params` (already escaped where the format needs it). */
export function transcriptTerm(lang: TranscriptLanguage, key: TranscriptTermKey, params: Record<string, string> = {}): string {
  const text: string = TRANSCRIPT_STRINGS[lang][key];
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => params[name] ?? whole);
}

/** The direction a transcript in `lang` is written in. */
export function transcriptDirection(lang: TranscriptLanguage): 'ltr' | 'rtl' {
  return lang === 'ar' ? 'rtl' : 'ltr';
}
