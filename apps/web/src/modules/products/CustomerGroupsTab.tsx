import Box from '@mui/material/Box';
import Chip from '@mui/material/Chip';
import TextField from '@mui/material/TextField';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useFormatPrefs } from '../../app/prefs';
import { serverFieldError, serverPathError } from '../../ui/errors';
import { formatNumber } from '../../ui/format';
import { AccountPicker } from '../billing/AccountPicker';
import { titleOf } from '../customers/api';
import { type CustomerGroup, useCustomerGroups, useDeleteRecord, useSaveRecord } from './api';
import { RecordDialog } from './RecordDialog';
import { SetupTable } from './SetupTable';

interface GroupInput {
  name: string;
  accountIds: string[];
}

/** Customer groups: the accounts in each get the group's price lists. */
export default function CustomerGroupsTab() {
  const { t } = useTranslation();
  const prefs = useFormatPrefs();
  const groups = useCustomerGroups();
  const [open, setOpen] = useState<CustomerGroup | 'new' | null>(null);
  return (
    <>
      <SetupTable
        title={t('products.tabs.customerGroups')}
        query={groups}
        createLabel={t('products.customerGroups.create')}
        onCreate={() => setOpen('new')}
        onOpen={setOpen}
        columns={[
          { label: t('products.customerGroups.name'), value: (g) => g.name },
          {
            label: t('products.customerGroups.accounts'),
            value: (g) => formatNumber(g.accounts.length, prefs),
          },
        ]}
      />
      {open ? <GroupDialog group={open === 'new' ? undefined : open} onClose={() => setOpen(null)} /> : null}
    </>
  );
}

/** A group's name and its accounts (its contacts, which the API also keeps, are left as they are). */
function GroupDialog({ group, onClose }: { group?: CustomerGroup; onClose: () => void }) {
  const { t } = useTranslation();
  const [name, setName] = useState(group?.name ?? '');
  const [accounts, setAccounts] = useState(group?.accounts ?? []);
  const save = useSaveRecord<GroupInput, CustomerGroup>('customer-groups', group);
  const remove = useDeleteRecord('customer-groups', group);
  const nameError = serverFieldError(save.error, 'name', t);
  const accountError = accounts
    .map((_account, index) => serverPathError(save.error, `accountIds.${index}`, t))
    .find(Boolean);
  return (
    <RecordDialog
      title={group ? group.name : t('products.customerGroups.create')}
      onClose={onClose}
      onSubmit={() => save.mutate({ name, accountIds: accounts.map((a) => a.id) }, { onSuccess: onClose })}
      save={save}
      remove={
        group
          ? {
              title: t('products.customerGroups.deleteTitle'),
              message: t('products.customerGroups.deleteMessage'),
              action: remove,
            }
          : undefined
      }
    >
      <TextField
        name="name"
        label={t('products.customerGroups.name')}
        required
        value={name}
        onChange={(event) => setName(event.target.value)}
        error={Boolean(nameError)}
        helperText={nameError}
      />
      <Box
        sx={{ display: 'flex', flexWrap: 'wrap', gap: 1 }}
        role="list"
        aria-label={t('products.customerGroups.accounts')}
      >
        {accounts.map((account) => (
          <Chip
            key={account.id}
            role="listitem"
            label={account.title}
            onDelete={() => setAccounts((list) => list.filter((a) => a.id !== account.id))}
          />
        ))}
      </Box>
      <AccountPicker
        label={t('products.customerGroups.addAccount')}
        value={null}
        error={accountError}
        onChange={(account) => {
          if (account && !accounts.some((a) => a.id === account.id))
            setAccounts((list) => [...list, { id: account.id, title: titleOf(account) }]);
        }}
      />
    </RecordDialog>
  );
}
