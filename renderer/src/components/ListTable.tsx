import { Table } from '@mantine/core';
import type { ReactNode } from 'react';

/**
 * The lists' table (sites, equipment, urgency): Mantine's, striped and scrollable sideways on a
 * narrow tablet rather than squeezing Korean words; cells are roomy for a finger.
 */
export function ListTable({ children, minWidth = 640, className }: { children: ReactNode; minWidth?: number; className?: string }) {
  return (
    <Table.ScrollContainer minWidth={minWidth} type="native">
      <Table striped highlightOnHover verticalSpacing="sm" horizontalSpacing="md" className={className}>
        {children}
      </Table>
    </Table.ScrollContainer>
  );
}
