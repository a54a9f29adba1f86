import { z } from 'zod';
import { ById, EntityId, method, Timestamp } from './define';
import { EquipmentFacts, EquipmentFactsInput } from './machine-facts';
import { normaliseRefrigerant, REFRIGERANTS } from './refrigerants';

/**
 * The asset register: customers' sites and the machines on them. These are the shapes that travel
 * between UI and back end; the SQLite rows behind them live in electron/node/platform/storage.
 */


/** Trimmed text; empty strings become null so "cleared" and "never set" look the same. */
export const optionalText = (max: number) =>
  z
    .string()
    .max(max)
    .transform((s) => s.trim())
    .transform((s) => (s === '' ? null : s))
    .nullable()
    .optional();

const requiredName = z.string().trim().min(1, { message: 'is required' }).max(120);

export const SiteInput = z.object({
  name: requiredName,
  /** Matched case-insensitively against existing customers; a new name creates one. */
  customerName: optionalText(120),
  address: optionalText(300),
  contactName: optionalText(120),
  contactPhone: optionalText(40),
  notes: optionalText(4000),
});
export type SiteInput = z.input<typeof SiteInput>;

export const Site = z.object({
  id: EntityId,
  name: z.string(),
  customerId: EntityId.nullable(),
  customerName: z.string().nullable(),
  address: z.string().nullable(),
  contactName: z.string().nullable(),
  contactPhone: z.string().nullable(),
  notes: z.string().nullable(),
  createdAt: Timestamp,
  updatedAt: Timestamp,
  archivedAt: Timestamp.nullable(),
});
export type Site = z.infer<typeof Site>;

export const SiteSummary = Site.extend({
  assetCount: z.number().int().nonnegative(),
  /** Start of the most recent session on any asset of the site. */
  lastServiceAt: Timestamp.nullable(),
});
export type SiteSummary = z.infer<typeof SiteSummary>;

export const AssetKind = z.enum([
  'compressor',
  'condensing_unit',
  'walk_in_cooler',
  'reach_in_refrigerator',
  'display_case',
  'ice_machine',
  'heat_pump',
  'air_conditioner',
  'chiller',
  'other',
]);
export type AssetKind = z.infer<typeof AssetKind>;

/** The refrigerants an equipment record may name: those the app has property tables for. */
export const COMMON_REFRIGERANTS = REFRIGERANTS;

/** A refrigerant from the list (any spelling of it: "r410a" is R-410A), or empty; anything else is refused with the list. */
const refrigerantField = optionalText(20)
  .refine((v) => v === null || v === undefined || normaliseRefrigerant(v) !== null, {
    message: `must be one of: ${REFRIGERANTS.join(', ')}`,
  })
  .transform((v) => (v ? normaliseRefrigerant(v) : v));

/**
 * Asset tags come from QR codes and barcodes: printable characters, no surrounding space.
 * Uniqueness is case-insensitive (scanners and people disagree about case).
 */
export const AssetTag = z
  .string()
  .trim()
  .min(1, { message: 'is required' })
  .max(128)
  .regex(/^[\p{L}\p{N}\-_.:/#+]+$/u, {
    message: 'may contain letters, digits and - _ . : / # + only',
  });

export const AssetInput = z.object({
  siteId: EntityId,
  name: requiredName,
  kind: AssetKind,
  maker: optionalText(120),
  model: optionalText(120),
  serialNumber: optionalText(120),
  refrigerant: refrigerantField,
  assetTag: AssetTag.nullable().optional(),
  location: optionalText(200),
  notes: optionalText(4000),
  /** Machine facts for the diagnosis; absent leaves the stored ones as they are. */
  facts: EquipmentFactsInput.optional(),
});
export type AssetInput = z.input<typeof AssetInput>;

export const Asset = z.object({
  id: EntityId,
  siteId: EntityId,
  siteName: z.string(),
  name: z.string(),
  kind: AssetKind,
  maker: z.string().nullable(),
  model: z.string().nullable(),
  serialNumber: z.string().nullable(),
  refrigerant: z.string().nullable(),
  assetTag: z.string().nullable(),
  location: z.string().nullable(),
  notes: z.string().nullable(),
  createdAt: Timestamp,
  updatedAt: Timestamp,
  archivedAt: Timestamp.nullable(),
  lastServiceAt: Timestamp.nullable(),
  facts: EquipmentFacts,
});
export type Asset = z.infer<typeof Asset>;

export const SearchQuery = z.string().trim().max(200).optional();

export const ListOptions = z.object({
  query: SearchQuery,
  includeArchived: z.boolean().optional(),
  limit: z.number().int().min(1).max(500).optional(),
});

export const registerMethods = {
  'sites.list': method(ListOptions.strict(), z.array(SiteSummary)),
  'sites.get': method(ById, SiteSummary),
  'sites.create': method(SiteInput.strict(), Site),
  'sites.update': method(z.object({ id: EntityId, site: SiteInput.strict() }).strict(), Site),
  'sites.setArchived': method(z.object({ id: EntityId, archived: z.boolean() }).strict(), Site),

  'assets.list': method(ListOptions.extend({ siteId: EntityId.optional() }).strict(), z.array(Asset)),
  'assets.get': method(ById, Asset),
  'assets.findByTag': method(z.object({ tag: z.string().trim().min(1).max(128) }).strict(), Asset),
  'assets.create': method(AssetInput.strict(), Asset),
  'assets.update': method(
    z.object({ id: EntityId, asset: AssetInput.omit({ siteId: true }).strict() }).strict(),
    Asset,
  ),
  'assets.setArchived': method(z.object({ id: EntityId, archived: z.boolean() }).strict(), Asset),

  'customers.names': method(
    z.object({ query: z.string().trim().max(120).optional() }).strict(),
    z.array(z.string()),
  ),
};

export const registerEvents = {
  /** Another window or client changed the register: refetch what shows this entity. */
  'register.changed': z.object({
    entity: z.enum(['site', 'asset', 'customer']),
    id: z.string(),
  }),
};
