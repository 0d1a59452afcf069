/** What every view shares: the launch context, /me and the partner's cap. */
import { computed, reactive, ref, shallowRef } from 'vue';
import type { Cap, EligibilityRule, Me } from './logic/types';
import type { Launch } from './services/launch';
import { api, ApiError } from './services/api';

export const launch = shallowRef<Launch | null>(null);
export const me = shallowRef<Me | null>(null);
export const meError = ref<ApiError | null>(null);
export const meLoading = ref(false);
/** The newest cap seen, from /me or from a page of /leads. */
export const cap = ref<Cap | null>(null);

export async function loadMe(): Promise<void> {
  meLoading.value = true;
  try {
    const m = await api.me();
    me.value = m;
    cap.value = m.cap;
    meError.value = null;
  } catch (e) {
    meError.value = e instanceof ApiError ? e : new ApiError(0, 'NETWORK_ERROR');
  } finally {
    meLoading.value = false;
  }
}

export function setCap(next: Cap | null | undefined): void {
  if (next && typeof next.used === 'number' && typeof next.limit === 'number') cap.value = { ...next };
}

/** Unknown (not loaded yet) counts as eligible: the server refuses anyway. */
export const eligible = computed(() => me.value?.eligibility.eligible ?? true);
export const blockingFailures = computed<EligibilityRule[]>(
  () => me.value?.eligibility.rules.filter((r) => r.blocking && !r.passed) ?? [],
);

/** Lead ids whose claim this page made, with the claim's id, so remounted cards stay revealed. */
export const claimedHere = reactive(new Map<string, string>());
