/**
 * Controlled vocabularies of the incident model (after HURIDOCS ESF).
 * Only stable ids live here; their labels in ky/ru/en are in
 * locales/<lng>/vocab.json under `<vocabulary>.<id>`, so records stay
 * language-neutral and a bundle from a Kyrgyz monitor reads in English.
 */

export const CATEGORIES = ['association', 'assembly', 'expression', 'other'] as const;

export const VIOLATION_TYPES = [
  'detention',
  'administrative_arrest',
  'criminal_charge',
  'fine',
  'assembly_ban',
  'forced_dispersal',
  'ill_treatment',
  'inhuman_detention_conditions',
  'defamation_lawsuit',
  'asset_freeze',
  'content_blocking',
  'surveillance_of_users',
  'summons_or_intimidation',
  'obstruction_of_journalists',
  'denial_of_counsel',
  'fair_trial_violation',
  'stigmatising_statements',
  'restrictive_legislation',
  'other',
] as const;

export const DATE_PRECISIONS = ['exact', 'day', 'month', 'year', 'approximate', 'range'] as const;

export const ACTOR_KINDS = ['person', 'organisation'] as const;

/** The role an actor had in one incident (a person can be a victim in one and a witness in another). */
export const VICTIM_ROLES = [
  'journalist',
  'human_rights_defender',
  'activist',
  'protester',
  'mp',
  'politician',
  'lawyer',
  'social_media_user',
  'media_outlet',
  'ngo',
  'political_party',
  'other',
] as const;

export const PERPETRATOR_TYPES = [
  'police',
  'court',
  'prosecutor',
  'security_service',
  'president_or_government',
  'local_authority',
  'parliament',
  'political_party',
  'plain_clothes',
  'unknown',
  'other',
] as const;

/** What happened to the people a group count describes: "105 detained", "12 fined". */
export const GROUP_OUTCOMES = [
  'participants',
  'detained',
  'fined',
  'sentenced',
  'charged',
  'injured',
  'summoned',
  'other',
] as const;

export const COUNT_QUALIFIERS = ['exact', 'approximate', 'at_least'] as const;

export const SOURCE_TYPES = [
  'eyewitness',
  'interview',
  'media',
  'official_document',
  'social_media',
  'ngo_report',
  'court_record',
  'other',
] as const;

export const RELIABILITY = ['high', 'medium', 'low', 'unknown'] as const;

export const CONSENT = ['given', 'not_given', 'not_needed', 'unknown'] as const;

export const CONFIDENTIALITY = [
  'public',
  'restricted',
  'confidential',
  'strictly_confidential',
] as const;

export const STATUSES = ['draft', 'complete', 'verified'] as const;

export const CURRENCIES = ['KGS', 'USD', 'EUR', 'RUB', 'KZT'] as const;

export type Category = (typeof CATEGORIES)[number];
export type ViolationType = (typeof VIOLATION_TYPES)[number];
export type DatePrecision = (typeof DATE_PRECISIONS)[number];
export type ActorKind = (typeof ACTOR_KINDS)[number];
export type VictimRole = (typeof VICTIM_ROLES)[number];
export type PerpetratorType = (typeof PERPETRATOR_TYPES)[number];
export type GroupOutcome = (typeof GROUP_OUTCOMES)[number];
export type CountQualifier = (typeof COUNT_QUALIFIERS)[number];
export type SourceType = (typeof SOURCE_TYPES)[number];
export type Reliability = (typeof RELIABILITY)[number];
export type Consent = (typeof CONSENT)[number];
export type Confidentiality = (typeof CONFIDENTIALITY)[number];
export type Status = (typeof STATUSES)[number];
export type Currency = (typeof CURRENCIES)[number];

/** Every vocabulary by the name used as its key prefix in locales/<lng>/vocab.json. */
export const VOCABULARIES = {
  category: CATEGORIES,
  violation: VIOLATION_TYPES,
  datePrecision: DATE_PRECISIONS,
  actorKind: ACTOR_KINDS,
  victimRole: VICTIM_ROLES,
  perpetrator: PERPETRATOR_TYPES,
  groupOutcome: GROUP_OUTCOMES,
  countQualifier: COUNT_QUALIFIERS,
  sourceType: SOURCE_TYPES,
  reliability: RELIABILITY,
  consent: CONSENT,
  confidentiality: CONFIDENTIALITY,
  status: STATUSES,
  currency: CURRENCIES,
} as const;

export type VocabularyName = keyof typeof VOCABULARIES;
