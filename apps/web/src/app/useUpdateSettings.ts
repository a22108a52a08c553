import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '../api/client';
import { meKey } from '../api/queries';
import type { Me, UserSettings } from '../api/types';

/** PATCH /api/v1/me/settings; the answer is the new /me, which applies language, calendar and digits at once. */
export function useUpdateSettings() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (patch: Partial<UserSettings>) => api.patch<Me>('/api/v1/me/settings', patch),
    onSuccess: (me) => queryClient.setQueryData(meKey, me),
  });
}
