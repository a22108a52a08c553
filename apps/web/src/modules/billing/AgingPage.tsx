import Box from '@mui/material/Box';
import Paper from '@mui/material/Paper';
import Typography from '@mui/material/Typography';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CustomerRecord } from '../customers/api';
import { AccountPicker } from './AccountPicker';
import { AgingTable, BalanceTable } from './BalancePanel';

/** Receivables: every open invoice by age, or one account's balance and aging. */
export default function AgingPage() {
  const { t } = useTranslation();
  const [account, setAccount] = useState<CustomerRecord | null>(null);
  return (
    <Box sx={{ display: 'flex', flexDirection: 'column', gap: 2, minWidth: 0 }}>
      <Typography variant="h1">{t('billing.aging.title')}</Typography>
      <Box sx={{ maxWidth: 420 }}>
        <AccountPicker value={account} onChange={setAccount} label={t('billing.aging.forAccount')} />
      </Box>
      {account ? (
        <Paper variant="outlined" sx={{ p: 2 }}>
          <Typography variant="h2" sx={{ mb: 1 }}>
            {t('billing.balanceTitle')}
          </Typography>
          <BalanceTable accountId={account.id} />
        </Paper>
      ) : null}
      <Paper variant="outlined" sx={{ p: 2 }}>
        <Typography variant="h2" sx={{ mb: 1 }}>
          {account ? t('billing.aging.ofAccount') : t('billing.aging.all')}
        </Typography>
        <AgingTable key={account?.id ?? 'all'} accountId={account?.id} />
      </Paper>
    </Box>
  );
}
