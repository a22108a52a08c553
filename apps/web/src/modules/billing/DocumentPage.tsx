import ArrowBack from '@mui/icons-material/ArrowBack';
import EditOutlined from '@mui/icons-material/EditOutlined';
import PictureAsPdf from '@mui/icons-material/PictureAsPdfOutlined';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Chip from '@mui/material/Chip';
import IconButton from '@mui/material/IconButton';
import Link from '@mui/material/Link';
import Paper from '@mui/material/Paper';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableContainer from '@mui/material/TableContainer';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import Typography from '@mui/material/Typography';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link as RouterLink, useNavigate, useParams } from 'react-router';
import { isApiError } from '../../api/client';
import { useFormatPrefs } from '../../app/prefs';
import { ConfirmDialog } from '../../ui/ConfirmDialog';
import { ErrorState } from '../../ui/ErrorState';
import { errorPath, fieldMessage, problemMessage } from '../../ui/errors';
import { FormAlert } from '../../ui/FormAlert';
import { useLastChangeNote } from '../../ui/lastChange';
import { PageLoader } from '../../ui/PageLoader';
import {
  DOCUMENT_TYPES,
  PLURAL,
  type SalesDocument,
  typeOfPlural,
  useDocument,
  useDocumentAction,
  usePayments,
} from './api';
import { DocumentForm } from './DocumentForm';
import { DocumentLinks } from './DocumentLinks';
import { formatDay } from './format';
import { IssueDialog } from './IssueDialog';
import { LinesTable } from './LinesTable';
import { actionsOf, takesPayments } from './moves';
import { PaymentDialog } from './PaymentDialog';
import { TotalsTable } from './TotalsTable';
import { useMoney } from './useMoney';

/**
 * One quote, sales order, invoice or credit note: its header, lines and totals, the moves its status
 * allows (send, accept, convert, issue from a warehouse, cancel into a credit note) and, for invoices,
 * the payments and recording one.
 */
export default function DocumentPage() {
  const { t } = useTranslation();
  const params = useParams();
  const type = typeOfPlural(params.type);
  const document = useDocument(type, params.id);
  if (!type || (document.isError && isApiError(document.error, 404)))
    return <Typography>{t('billing.notFound')}</Typography>;
  if (document.isError) return <ErrorState onRetry={() => void document.refetch()} />;
  if (!document.data) return <PageLoader />;
  return <DocumentView document={document.data} />;
}

function DocumentView({ document }: { document: SalesDocument }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const prefs = useFormatPrefs();
  const money = useMoney();
  const act = useDocumentAction(document);
  const [issuing, setIssuing] = useState(false);
  const [cancelling, setCancelling] = useState(false);
  const [paying, setPaying] = useState(false);
  const [editing, setEditing] = useState(false);
  const lastChangeNote = useLastChangeNote();
  const editable =
    document.status === 'draft' && (document.type === 'quote' || document.type === 'invoice')
      ? document.type
      : null;
  const nextType = DOCUMENT_TYPES[DOCUMENT_TYPES.indexOf(document.type) + 1];
  const payments = usePayments(document.type === 'invoice' ? document.id : undefined);
  const actions = actionsOf(document.type, document.status);
  const sourceType = DOCUMENT_TYPES[DOCUMENT_TYPES.indexOf(document.type) - 1];

  // A line the server named (a shortage on issuing: 409 at lines.N.quantity) is shown at that line.
  const lineErrors: Record<number, string> = {};
  if (isApiError(act.error))
    for (const error of act.error.problem.errors ?? []) {
      const match = /^lines\.(\d+)\./.exec(errorPath(error.path));
      if (match) lineErrors[Number(match[1])] ??= fieldMessage(error, t);
    }
  const actError = !act.error
    ? undefined
    : Object.keys(lineErrors).length > 0
      ? t('billing.shortage')
      : isApiError(act.error, 409) || isApiError(act.error, 412)
        ? [t('billing.stale'), lastChangeNote(act.error)].filter(Boolean).join(' ')
        : problemMessage(act.error, t);

  const run = (action: (typeof actions)[number]) => {
    if (action.kind === 'move') act.mutate({ status: action.status });
    else if (action.kind === 'issue') setIssuing(true);
    else if (action.kind === 'cancel') setCancelling(true);
    else
      act.mutate(
        { convert: true },
        { onSuccess: (made) => navigate(`/billing/${PLURAL[made.type]}/${made.id}`) },
      );
  };
  const actionLabel = (action: (typeof actions)[number]) =>
    action.kind === 'move'
      ? t(`billing.actions.${action.status}`)
      : action.kind === 'convert'
        ? t(`billing.actions.convert.${document.type}`)
        : action.kind === 'cancel'
          ? t(document.type === 'invoice' ? 'billing.actions.cancelInvoice' : 'billing.actions.cancelOrder')
          : t(`billing.actions.${action.kind}`);

  return (
    <Box sx={{ display: 'flex', flexDirection: 'column', gap: 2, minWidth: 0 }}>
      <Box sx={{ display: 'flex', gap: 1, alignItems: 'center', flexWrap: 'wrap' }}>
        <IconButton
          component={RouterLink}
          to={`/billing?tab=${document.type}`}
          aria-label={t('billing.back')}
        >
          <ArrowBack sx={{ transform: prefs.locale === 'fa' ? 'scaleX(-1)' : undefined }} />
        </IconButton>
        {/* No minWidth 0: the unbreakable number sets the title's narrowest width, so the chip wraps below. */}
        <Typography variant="h1" sx={{ flex: '1 1 12rem', fontSize: { xs: '1.4rem', sm: undefined } }}>
          {t(`billing.types.${document.type}`)}{' '}
          <bdi style={{ whiteSpace: 'nowrap' }}>{document.number ?? t('billing.draft')}</bdi>
        </Typography>
        <Chip label={t(`billing.status.${document.status}`)} color="primary" variant="outlined" />
      </Box>
      <Paper variant="outlined" sx={{ p: 2 }}>
        <Box
          component="dl"
          sx={{
            m: 0,
            display: 'grid',
            gap: 1,
            gridTemplateColumns: { xs: '1fr', sm: 'max-content 1fr' },
            '& dt': { color: 'text.secondary' },
            '& dd': { m: 0 },
          }}
        >
          <dt>{t('billing.account')}</dt>
          <dd>
            <Link component={RouterLink} to={`/customers/accounts/${document.accountId}`}>
              {document.accountName}
            </Link>
          </dd>
          <dt>{t('billing.issueDate')}</dt>
          <dd>{formatDay(document.issueDate, prefs)}</dd>
          {document.dueDate ? (
            <>
              <dt>{t(document.type === 'quote' ? 'billing.validUntil' : 'billing.dueDate')}</dt>
              <dd>{formatDay(document.dueDate, prefs)}</dd>
            </>
          ) : null}
          {document.sourceId && sourceType ? (
            <>
              <dt>{t('billing.madeFrom')}</dt>
              <dd>
                <Link component={RouterLink} to={`/billing/${PLURAL[sourceType]}/${document.sourceId}`}>
                  {t(`billing.types.${sourceType}`)}
                </Link>
              </dd>
            </>
          ) : null}
          {document.dealId ? (
            <>
              <dt>{t('billing.deal')}</dt>
              <dd>
                <Link component={RouterLink} to={`/sales/deals/${document.dealId}`}>
                  {t('billing.openDeal')}
                </Link>
              </dd>
            </>
          ) : null}
          {document.notes ? (
            <>
              <dt>{t('billing.notes')}</dt>
              <dd style={{ whiteSpace: 'pre-wrap' }}>{document.notes}</dd>
            </>
          ) : null}
        </Box>
      </Paper>
      <FormAlert message={actError} />
      <Box sx={{ display: 'flex', gap: 1, flexWrap: 'wrap' }}>
        {actions.map((action, index) => (
          <Button
            key={actionLabel(action)}
            variant={index === 0 ? 'contained' : 'outlined'}
            color={
              action.kind === 'cancel' || (action.kind === 'move' && action.status === 'rejected')
                ? 'error'
                : 'primary'
            }
            onClick={() => run(action)}
            loading={act.isPending && action.kind !== 'cancel' && action.kind !== 'issue'}
          >
            {actionLabel(action)}
          </Button>
        ))}
        {editable ? (
          <Button variant="outlined" startIcon={<EditOutlined />} onClick={() => setEditing(true)}>
            {t('billing.edit.action')}
          </Button>
        ) : null}
        {/* The document as the customer receives it, in either language (rendered by the server). */}
        {(['fa', 'en'] as const).map((lang) => (
          <Button
            key={lang}
            component="a"
            href={`/api/v1/${PLURAL[document.type]}/${document.id}/pdf?lang=${lang}`}
            target="_blank"
            rel="noopener"
            startIcon={<PictureAsPdf />}
          >
            {t(`billing.pdf.${lang}`)}
          </Button>
        ))}
      </Box>
      <Typography variant="h2">{t('billing.lines')}</Typography>
      <LinesTable lines={document.lines} currency={document.currency} errors={lineErrors} />
      <Box sx={{ display: 'flex', justifyContent: 'flex-end' }}>
        <TotalsTable totals={document} currency={document.currency} />
      </Box>
      {nextType ? (
        <section aria-label={t('billing.madeFromThis')}>
          <DocumentLinks field="sourceId" id={document.id} types={[nextType]} />
        </section>
      ) : null}
      {document.type === 'invoice' && document.status !== 'draft' ? (
        <>
          <Box sx={{ display: 'flex', gap: 1, alignItems: 'center', flexWrap: 'wrap' }}>
            <Typography variant="h2" sx={{ flexGrow: 1 }}>
              {t('billing.payments')}
            </Typography>
            <Typography>
              {t('billing.balance')}: <strong>{money(document.balance, document.currency)}</strong>
            </Typography>
            {takesPayments(document) ? (
              <Button variant="contained" onClick={() => setPaying(true)}>
                {t('billing.payment.record')}
              </Button>
            ) : null}
          </Box>
          <TableContainer component={Paper} variant="outlined">
            <Table size="small" aria-label={t('billing.payments')}>
              <TableHead>
                <TableRow>
                  <TableCell>{t('billing.payment.paidOn')}</TableCell>
                  <TableCell>{t('billing.payment.method')}</TableCell>
                  <TableCell>{t('billing.payment.reference')}</TableCell>
                  <TableCell align="right">{t('billing.payment.amount')}</TableCell>
                </TableRow>
              </TableHead>
              <TableBody>
                {(payments.data?.items ?? []).map((payment) => (
                  <TableRow key={payment.id}>
                    <TableCell>{formatDay(payment.paidOn, prefs)}</TableCell>
                    <TableCell>{t(`billing.methods.${payment.method}`)}</TableCell>
                    <TableCell>{payment.reference}</TableCell>
                    <TableCell align="right">{money(payment.amount, payment.currency)}</TableCell>
                  </TableRow>
                ))}
                {payments.data?.items.length === 0 ? (
                  <TableRow>
                    <TableCell colSpan={4}>{t('billing.payment.none')}</TableCell>
                  </TableRow>
                ) : null}
              </TableBody>
            </Table>
          </TableContainer>
        </>
      ) : null}
      {issuing ? (
        <IssueDialog
          onClose={() => setIssuing(false)}
          pending={act.isPending}
          onIssue={(warehouseId) =>
            act.mutate(
              { status: 'issued', ...(warehouseId ? { warehouseId } : {}) },
              { onSettled: () => setIssuing(false) },
            )
          }
        />
      ) : null}
      <ConfirmDialog
        open={cancelling}
        title={t('billing.cancel.title')}
        message={t(document.type === 'invoice' ? 'billing.cancel.invoice' : 'billing.cancel.order')}
        confirm={t(
          document.type === 'invoice' ? 'billing.actions.cancelInvoice' : 'billing.actions.cancelOrder',
        )}
        action={{
          isPending: act.isPending,
          error: act.error,
          mutate: (_input, options) => act.mutate({ status: 'cancelled' }, options),
        }}
        onClose={() => setCancelling(false)}
      />
      {paying ? <PaymentDialog invoice={document} onClose={() => setPaying(false)} /> : null}
      {editing && editable ? (
        <DocumentForm
          type={editable}
          source={{ kind: 'draft', document }}
          onClose={() => setEditing(false)}
        />
      ) : null}
    </Box>
  );
}
