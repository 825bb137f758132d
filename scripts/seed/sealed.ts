/**
 * The seeds and the generator write ID numbers and phones the way the app does: encrypted, hashed
 * and masked (src/server/lib/pii.ts), never into the legacy clear columns.
 */
import type { DbOrTx } from '../../src/server/db/client.js';
import { dataKeysLoaded, deploymentKey, loadDataKeys, sealOptional } from '../../src/server/lib/pii.js';

/**
 * The data keys of the database being seeded: loaded with `kek` when given, else with the key the
 * environment configures (JICENG_DATA_KEY or JICENG_DATA_KEY_FILE); without either, the caller
 * must have loaded them (the first start does, with the deployment's key).
 */
export async function ensureDataKeys(db: DbOrTx, kek?: Buffer): Promise<void> {
  const env = process.env;
  const key =
    kek ?? (env.JICENG_DATA_KEY || env.JICENG_DATA_KEY_FILE ? deploymentKey({ dataDir: '' }) : undefined);
  if (key) return loadDataKeys(db, { kek: key });
  if (!dataKeysLoaded()) {
    throw new Error(
      '种子数据需要数据密钥：先调用 loadDataKeys，或设置 JICENG_DATA_KEY / JICENG_DATA_KEY_FILE',
    );
  }
}

/** A member's ID number and phone as the members table stores them. */
export function sealedMember(idNumber: string | null, phone: string | null) {
  const id = sealOptional('idNumber', idNumber);
  const p = sealOptional('phone', phone);
  return {
    idNumberEnc: id.enc,
    idNumberHash: id.hash,
    idNumberMasked: id.masked,
    phoneEnc: p.enc,
    phoneHash: p.hash,
    phoneMasked: p.masked,
  };
}

/** An applicant's, as development_cases stores them (the phone hash: their account signs in by phone). */
export function sealedCase(idNumber: string | null, phone: string | null) {
  return sealedMember(idNumber, phone);
}
