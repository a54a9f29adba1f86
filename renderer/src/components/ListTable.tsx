import { Table } from '@mantine/core';
import type { ReactNode } from 'react';

/** A column heading: its words, and whether its cells are numbers (right-aligned to compare digits). */
export type Column = ReactNode | { label: ReactNode; numeric: true };

/**
 * The lists' table (sites, equipment, urgency): Mantine's, striped and scrollable sideways on a
 * narrow tablet rather than squeezing Korean words; cells are roomy for a finger.
 */
export function ListTable(props: { children: ReactNode; minWidth?: number; className?: string; testId?: string; label?: string }) {
  const { children, minWidth = 640, className, testId, label } = props;
  return (
    <Table.ScrollContainer minWidth={minWidth} type="native">
      <Table striped highlightOnHover verticalSpacing="sm" horizontalSpacing="md" className={className} data-testid={testId} aria-label={label}>
        {children}
      </Table>
    </Table.ScrollContainer>
  );
}

/** The lists' header row, one scoped heading per column. */
export function ListHead({ columns }: { columns: Column[] }) {
  return (
    <Table.Thead>
      <Table.Tr>
        {columns.map((column, i) => {
          const numeric = typeof column === 'object' && column !== null && 'numeric' in column;
          return (
            <Table.Th key={i} scope="col" ta={numeric ? 'right' : undefined}>
              {numeric ? column.label : column}
            </Table.Th>
          );
        })}
      </Table.Tr>
    </Table.Thead>
  );
}
