/** The kinds of a transfer of membership (组织关系转接): within this system or to an org outside it. */
export const TRANSFER_KINDS = ['internal', 'external'] as const;
export type TransferKind = (typeof TRANSFER_KINDS)[number];

export const TRANSFER_KIND_LABELS: Record<TransferKind, string> = {
  internal: '系统内转接',
  external: '系统外转接',
};
