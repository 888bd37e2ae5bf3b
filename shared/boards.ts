import { z } from 'zod';
import { PROBLEM_EN } from './i18n/problem-catalogue';
import { supportLineSchema } from './ticket-snapshot';

/**
 * Team boards: a named board shows some queues and some panels. Defined in
 * BOARDS_FILE (config/boards.json) or on the admin page (/admin/boards), the
 * same schema for both; the board `main` is built in and shows everything.
 */

export const MAIN_BOARD = 'main';

/** A board's name: it is in the URL (/board/<name>) and names its socket room. */
export const boardNameSchema = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[a-z0-9][a-z0-9_-]*$/i, PROBLEM_EN['problem.board.nameCharacters']);

export const boardPanelsSchema = z
  .object({
    tiles: z.boolean().default(true),
    agents: z.boolean().default(true),
    tickets: z.boolean().default(true),
    /** the support lines whose tickets it shows; empty: every line */
    ticketLines: z.array(supportLineSchema).default([]),
    alerts: z.boolean().default(true),
  })
  .strict();
export type BoardPanels = z.infer<typeof boardPanelsSchema>;

export const ALL_PANELS: BoardPanels = { tiles: true, agents: true, tickets: true, ticketLines: [], alerts: true };

export const boardDefinitionSchema = z
  .object({
    name: boardNameSchema,
    title: z.string().trim().min(1).max(80),
    /** queue ids; empty: every queue */
    queues: z.array(z.string().min(1).max(64)).default([]),
    panels: boardPanelsSchema.default(ALL_PANELS),
  })
  .strict();
export type BoardDefinition = z.infer<typeof boardDefinitionSchema>;

export const MAIN_DEFINITION: BoardDefinition = { name: MAIN_BOARD, title: 'Main', queues: [], panels: ALL_PANELS };

/** BOARDS_FILE, and what the admin page keeps: the team boards (`main` is not among them). */
export const boardsDocumentSchema = z.object({ boards: z.array(boardDefinitionSchema).default([]) }).strict();
export type BoardsDocument = z.infer<typeof boardsDocumentSchema>;

/** GET /api/boards: the boards in force (`main` first), where they come from, and the queues a board may pick. */
export const boardsReplySchema = z.object({
  boards: z.array(boardDefinitionSchema),
  source: z.enum(['file', 'saved']),
  queues: z.array(z.object({ id: z.string(), name: z.string() })),
});
export type BoardsReply = z.infer<typeof boardsReplySchema>;

/** What a filtered snapshot says of its board: the page shows its title and only these panels. */
export const boardViewSchema = z.object({ name: z.string(), title: z.string(), panels: boardPanelsSchema });
export type BoardView = z.infer<typeof boardViewSchema>;
