/** `npm run web:api`: regenerate web/src/api/schema.d.ts from the API (no server needed). */
import { writeFile } from 'node:fs/promises';
import { API_TYPES_PATH, apiTypesSource, currentOpenApiDocument } from './api-types.ts';

const source = await apiTypesSource(await currentOpenApiDocument());
await writeFile(API_TYPES_PATH, source);
process.stdout.write(`wrote ${API_TYPES_PATH} (${source.length} characters)\n`);
