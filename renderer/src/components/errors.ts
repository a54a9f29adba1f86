import type { TFunction } from 'i18next';
import type { z } from 'zod';
import { ApiError, REFRIGERANTS } from '../../../shared/contract';

export type FieldErrors = Partial<Record<string, string>>;

/**
 * Localises a zod issue from the shared schemas. The schemas' own messages are English for the
 * back end and logs; the UI words them by issue kind so Korean users read Korean.
 */
export function issueMessage(issue: z.core.$ZodIssue, t: TFunction): string {
  const facts = factIssueMessage(issue, t);
  if (facts) return facts;
  switch (issue.code) {
    case 'too_small':
      return t('errors.field.required');
    case 'too_big':
      return t('errors.field.tooLong', { max: Number(issue.maximum) });
    case 'invalid_format':
      if (issue.format === 'url') return t('errors.field.url');
      if (issue.format === 'regex') return t('errors.field.tag');
      return t('errors.field.format');
    case 'custom':
      // The equipment's refrigerant must be one the app has properties for: say which.
      if (issue.path.at(-1) === 'refrigerant') return t('refrigeration.notInList', { list: REFRIGERANTS.join(', ') });
      return t('errors.field.format');
    default:
      return t('errors.field.format');
  }
}

/** The equipment's machine facts: a bearing not in the catalogue (with the nearest ones), poles, speed. */
function factIssueMessage(issue: z.core.$ZodIssue, t: TFunction): string | null {
  const field = issue.path.at(-1);
  if (issue.code === 'custom' && issue.params?.reason === 'unknown_bearing') {
    const nearest = (issue.params.nearest as string[] | undefined) ?? [];
    return nearest.length > 0 ? t('assets.facts.unknownBearing', { nearest: nearest.join(', ') }) : t('assets.facts.unknownBearingNone');
  }
  if (issue.path.at(0) === 'facts' && field === 'poles') return t('assets.facts.polesEven');
  if (issue.path.at(0) === 'facts' && field === 'nominalRpm') return t('assets.facts.rpmNumber');
  return null;
}

export function fieldErrorsFromZod(error: z.ZodError, t: TFunction): FieldErrors {
  const errors: FieldErrors = {};
  for (const issue of error.issues) {
    const key = issue.path.map(String).join('.');
    errors[key] ??= issueMessage(issue, t);
  }
  return errors;
}

/** A back-end error worded for the user: by field and code when specific, by code otherwise. */
export function apiErrorMessage(error: unknown, t: TFunction): string {
  if (error instanceof ApiError) {
    if (error.code === 'conflict' && error.field === 'assetTag') return t('errors.conflict.assetTag');
    if (error.code === 'conflict' && error.field === 'siteId') return t('errors.conflict.siteArchived');
    return t(`errors.code.${error.code}`);
  }
  return t('errors.code.internal');
}

/** The form field a back-end error points at, without the wrapper object (`asset.name` -> `name`). */
export function apiErrorField(error: unknown): string | null {
  if (!(error instanceof ApiError) || !error.field) return null;
  const parts = error.field.split('.');
  return parts.at(-1) ?? null;
}
