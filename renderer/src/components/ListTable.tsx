import { Table } from '@mantine/core';
import type { ReactNode } from 'react';

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
