import { z } from 'zod';

/** Ids are UUIDv7 made by the app: unique without a server, and time-ordered. */
export const EntityId = z.uuid({ message: 'must be an id issued by the app' });
export const Timestamp = z.iso.datetime({ offset: true });

/** One method of the contract: what the caller sends, what the back end answers. */
export const method = <P extends z.ZodType, R extends z.ZodType>(params: P, result: R) => ({ params, result });

export type MethodTable = Record<string, { params: z.ZodType; result: z.ZodType }>;
export type EventTable = Record<string, z.ZodType>;

export const NoParams = z.object({}).strict();
export const ById = z.object({ id: EntityId }).strict();
