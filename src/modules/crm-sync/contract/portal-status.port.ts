/** installed; suspended: Bitrix24 refuses our grant (the app was removed and no uninstall event came); uninstalled. */
export type PortalStatus = 'installed' | 'suspended' | 'uninstalled';

/** What other modules may ask about a partner's portal; null when no portal at that address ever installed the app. */
export abstract class PortalStatusQuery {
  abstract statusAt(address: string): Promise<PortalStatus | null>;
}
