/** The numbering module's door: all that other modules, the adapters and the jobs may use of it. */

export type { SetNumberingSeriesInput } from './numbering.input.ts';
export { seriesKey, setNumberingSeriesInput } from './numbering.input.ts';
export type { NumberingSeries } from './numbering.service.ts';
export {
  ensureSeries,
  listNumberingSeries,
  reserveImportedNumbers,
  resetCounters,
  seedSeries,
  setNumberingSeriesInTx,
  takeNextNumber,
  takeNextNumbers,
} from './numbering.service.ts';
