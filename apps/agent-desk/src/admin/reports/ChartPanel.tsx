import { useState, type ReactNode } from 'react'
import { saveBlob } from '../adminApi'
import { useAdminText } from '../i18n'
import { EChart, type ChartOption } from './EChart'
import { toCsv, type DataTable } from './toCsv'

/** A chart with its figures as a table and as a CSV file: the same numbers three ways. */
export function ChartPanel({ id, title, option, table, extra }: { id: string; title: string; option: ChartOption; table: DataTable; extra?: ReactNode }) {
  const { t } = useAdminText()
  const [asTable, setAsTable] = useState(false)
  return (
    <section className="admin-card chart-panel" aria-labelledby={`${id}-title`} data-testid={`report-${id}`}>
      <div className="card-head">
        <h2 id={`${id}-title`}>{title}</h2>
        <div className="row">
          <div className="segmented" role="group" aria-label={title}>
            <button type="button" aria-pressed={!asTable} onClick={() => setAsTable(false)}>
              {t.reports.chart}
            </button>
            <button type="button" aria-pressed={asTable} onClick={() => setAsTable(true)} data-testid={`report-${id}-table-toggle`}>
              {t.reports.table}
            </button>
          </div>
          <button type="button" onClick={() => saveBlob(new Blob([toCsv(table)], { type: 'text/csv;charset=utf-8' }), `${id}.csv`)} data-testid={`report-${id}-csv`}>
            {t.reports.csv}
          </button>
        </div>
      </div>
      {extra}
      {asTable ? <ReportTable table={table} testId={`report-${id}-table`} /> : <EChart option={option} label={title} testId={`report-${id}-chart`} />}
    </section>
  )
}

export function ReportTable({ table, testId }: { table: DataTable; testId?: string }) {
  return (
    <div className="table-wrap">
      <table className="admin-table numbers" data-testid={testId}>
        <thead>
          <tr>
            {table.columns.map((c) => (
              <th key={c} scope="col">
                {c}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {table.rows.map((row, i) => (
            <tr key={i}>
              {row.map((value, j) => (
                <td key={j} data-label={table.columns[j]}>
                  {value ?? '—'}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  )
}
