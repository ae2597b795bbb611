/**
 * A generated .xlsx for the preview benchmark: a sheet of customer-like rows (numbers, shared
 * strings, dates and amounts with number formats) made with SheetJS, about `megabytes` MB
 * compressed, plus a small second sheet. Deterministic: the same size gives the same bytes.
 */
import { utils, write } from '@e965/xlsx';

const CITIES = ['Berlin', 'Lisboa', 'Nairobi', 'Osaka', 'Quito', 'Tromsø', 'Zürich', 'Montréal'];
const STATUS = ['open', 'waiting for customer', 'escalated', 'closed'];
/** Rows per compressed MB, measured for these columns. */
const ROWS_PER_MB = 7_300;

export function makeSheetWorkbook(megabytes: number): { bytes: Buffer; rows: number } {
  const rows = Math.round(megabytes * ROWS_PER_MB);
  const data: (string | number)[][] = [['id', 'customer', 'email', 'city', 'status', 'amount', 'opened', 'share', 'note']];
  let seed = 1;
  const next = () => (seed = (seed * 48271) % 2147483647);
  for (let i = 1; i <= rows; i++) {
    data.push([i, `Customer ${i}`, `customer${i}@example.com`, CITIES[next() % CITIES.length]!, STATUS[next() % STATUS.length]!, (next() % 1_000_000) / 100, 45000 + (next() % 1500), (next() % 1000) / 1000, `ticket ${next().toString(36)}`]);
  }
  const sheet = utils.aoa_to_sheet(data);
  for (let r = 1; r <= rows; r++) {
    sheet[`F${r + 1}`]!.z = '$#,##0.00';
    sheet[`G${r + 1}`]!.z = 'yyyy-mm-dd';
    sheet[`H${r + 1}`]!.z = '0.0%';
  }
  const book = utils.book_new();
  utils.book_append_sheet(book, sheet, 'Tickets');
  utils.book_append_sheet(book, utils.aoa_to_sheet([['generated', rows]]), 'About');
  return { bytes: write(book, { bookType: 'xlsx', type: 'buffer', compression: true }) as Buffer, rows };
}
