import { z } from 'zod';
import { IMPORTERS, timeImport } from '../queue-log-import';
import { serveCommands } from './child-rpc';
import { writeImportBenchFiles } from './import-bench-files';

/** The import bench's processes (see bench/queue-log-import.ts): one makes the files, another times one import. */

const filesSchema = z.object({ dir: z.string(), weeks: z.number().int().positive(), csv: z.boolean() });
const timeSchema = z.object({
  dir: z.string(),
  importer: z.enum(IMPORTERS),
  postgres: z.boolean().optional(),
  databaseUrl: z.string().optional(),
});

serveCommands({
  files: async (args) => {
    const { dir, weeks, csv } = filesSchema.parse(args);
    return { lines: await writeImportBenchFiles(dir, weeks, csv) };
  },
  time: async (args) => timeImport(timeSchema.parse(args)),
  stop: () => null,
});
