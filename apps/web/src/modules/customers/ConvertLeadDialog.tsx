import Autocomplete from '@mui/material/Autocomplete';
import Button from '@mui/material/Button';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogTitle from '@mui/material/DialogTitle';
import FormControl from '@mui/material/FormControl';
import FormControlLabel from '@mui/material/FormControlLabel';
import FormLabel from '@mui/material/FormLabel';
import Radio from '@mui/material/Radio';
import RadioGroup from '@mui/material/RadioGroup';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { api } from '../../api/client';
import { problemMessage } from '../../ui/errors';
import { FormAlert } from '../../ui/FormAlert';
import { type CustomerRecord, customerKeys, type ListPage, titleOf } from './api';

type AccountChoice = 'create' | 'link' | 'none';

interface Conversion {
  contact: { id: string } | null;
  account: { id: string } | null;
}

/**
 * Converts a lead: a contact made from it (or none), and an account made from its company, an
 * existing one linked, or none. The lead keeps its history, which follows it to the new records.
 */
export function ConvertLeadDialog({ lead, onClose }: { lead: CustomerRecord; onClose: () => void }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [withContact, setWithContact] = useState(true);
  const [accountChoice, setAccountChoice] = useState<AccountChoice>(lead.companyName ? 'create' : 'none');
  const [accountName, setAccountName] = useState(lead.companyName ?? '');
  const [existing, setExisting] = useState<CustomerRecord | null>(null);
  const [search, setSearch] = useState('');
  const accounts = useQuery({
    queryKey: ['convert-accounts', search],
    queryFn: () =>
      api.get<ListPage<CustomerRecord>>(
        `/api/v1/accounts?limit=20${search ? `&q=${encodeURIComponent(search)}` : ''}`,
      ),
    enabled: accountChoice === 'link',
  });
  const convert = useMutation({
    mutationFn: () =>
      api.post<Conversion>(`/api/v1/leads/${lead.id}/convert`, {
        ...(withContact ? {} : { contact: null }),
        ...(accountChoice === 'create' ? { account: { name: accountName.trim() } } : {}),
        ...(accountChoice === 'link' && existing ? { accountId: existing.id } : {}),
        ...(accountChoice === 'none' ? { account: null } : {}),
      }),
    onSuccess: async (result) => {
      await queryClient.invalidateQueries({ queryKey: customerKeys.all });
      onClose();
      if (result.contact) navigate(`/customers/contacts/${result.contact.id}`);
      else if (result.account) navigate(`/customers/accounts/${result.account.id}`);
    },
  });
  const invalid = (!withContact && accountChoice === 'none') || (accountChoice === 'link' && !existing);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!invalid) convert.mutate();
  };
  return (
    <Dialog open onClose={onClose} fullWidth maxWidth="sm">
      <form onSubmit={submit} noValidate>
        <DialogTitle>{t('customers.convert.title', { name: titleOf(lead) })}</DialogTitle>
        <DialogContent>
          <Stack spacing={2} sx={{ pt: 1 }}>
            <FormAlert message={convert.error ? problemMessage(convert.error, t) : undefined} />
            <FormControl>
              <FormLabel id="convert-contact">{t('customers.convert.contact')}</FormLabel>
              <RadioGroup
                aria-labelledby="convert-contact"
                value={withContact ? 'create' : 'none'}
                onChange={(event) => setWithContact(event.target.value === 'create')}
              >
                <FormControlLabel
                  value="create"
                  control={<Radio />}
                  label={t('customers.convert.createContact')}
                />
                <FormControlLabel value="none" control={<Radio />} label={t('customers.convert.noContact')} />
              </RadioGroup>
            </FormControl>
            <FormControl>
              <FormLabel id="convert-account">{t('customers.convert.account')}</FormLabel>
              <RadioGroup
                aria-labelledby="convert-account"
                value={accountChoice}
                onChange={(event) => setAccountChoice(event.target.value as AccountChoice)}
              >
                <FormControlLabel
                  value="create"
                  control={<Radio />}
                  label={t('customers.convert.createAccount')}
                />
                <FormControlLabel
                  value="link"
                  control={<Radio />}
                  label={t('customers.convert.linkAccount')}
                />
                <FormControlLabel value="none" control={<Radio />} label={t('customers.convert.noAccount')} />
              </RadioGroup>
            </FormControl>
            {accountChoice === 'create' && (
              <TextField
                label={t('customers.fields.name')}
                value={accountName}
                onChange={(event) => setAccountName(event.target.value)}
                required
              />
            )}
            {accountChoice === 'link' && (
              <Autocomplete
                options={accounts.data?.items ?? []}
                getOptionLabel={titleOf}
                isOptionEqualToValue={(a, b) => a.id === b.id}
                value={existing}
                onChange={(_event, value) => setExisting(value)}
                onInputChange={(_event, value) => setSearch(value)}
                filterOptions={(options) => options}
                loading={accounts.isFetching}
                noOptionsText={t('search.none')}
                loadingText={t('common.loading')}
                renderInput={(params) => <TextField {...params} label={t('customers.convert.pickAccount')} />}
              />
            )}
          </Stack>
        </DialogContent>
        <DialogActions>
          <Button onClick={onClose}>{t('common.cancel')}</Button>
          <Button type="submit" variant="contained" loading={convert.isPending} disabled={invalid}>
            {t('customers.convert.submit')}
          </Button>
        </DialogActions>
      </form>
    </Dialog>
  );
}
