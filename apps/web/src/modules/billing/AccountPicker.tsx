import Autocomplete from '@mui/material/Autocomplete';
import TextField from '@mui/material/TextField';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import { useDebounced } from '../../ui/lists/url';
import { type CustomerRecord, type ListPage, titleOf } from '../customers/api';

/** An account chosen by typing its name (server search, first 20 matches). */
export function AccountPicker({
  value,
  onChange,
  label,
  required,
  error,
}: {
  value: CustomerRecord | null;
  onChange: (account: CustomerRecord | null) => void;
  label: string;
  required?: boolean;
  error?: string;
}) {
  const { t } = useTranslation();
  const [text, setText] = useState('');
  const q = useDebounced(text.trim(), 200);
  const accounts = useQuery({
    queryKey: ['billing', 'accounts', q],
    queryFn: () =>
      api.get<ListPage<CustomerRecord>>(`/api/v1/accounts?limit=20${q ? `&q=${encodeURIComponent(q)}` : ''}`),
  });
  return (
    <Autocomplete
      options={accounts.data?.items ?? []}
      getOptionLabel={titleOf}
      isOptionEqualToValue={(a, b) => a.id === b.id}
      value={value}
      onChange={(_event, account) => onChange(account)}
      onInputChange={(_event, typed) => setText(typed)}
      filterOptions={(options) => options}
      loading={accounts.isFetching}
      noOptionsText={t('search.none')}
      loadingText={t('common.loading')}
      renderInput={(params) => (
        <TextField {...params} required={required} label={label} error={Boolean(error)} helperText={error} />
      )}
    />
  );
}
