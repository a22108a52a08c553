import Add from '@mui/icons-material/Add';
import FileDownload from '@mui/icons-material/FileDownloadOutlined';
import FileUpload from '@mui/icons-material/FileUploadOutlined';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Paper from '@mui/material/Paper';
import { useTheme } from '@mui/material/styles';
import ToggleButton from '@mui/material/ToggleButton';
import ToggleButtonGroup from '@mui/material/ToggleButtonGroup';
import Typography from '@mui/material/Typography';
import useMediaQuery from '@mui/material/useMediaQuery';
import type { GridRowSelectionModel } from '@mui/x-data-grid';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link as RouterLink, useNavigate } from 'react-router';
import { useKeysetPaging } from '../../ui/grid';
import { useListColumns } from '../../ui/lists/ListColumns';
import { ListBody, ListTools, useListFilter, useListSearch } from '../../ui/lists/ListTools';
import { filterParam, serverFilterOf, useListFields } from '../../ui/lists/lists';
import { ServerGrid } from '../../ui/lists/ServerGrid';
import { useListParams } from '../../ui/lists/url';
import { CleanDataMenu } from '../cleaning/CleanDataMenu';
import { ExportDialog } from '../imports/ExportDialog';
import { entityOf, PLURAL, useCustomerPage } from './api';
import { BulkActions } from './BulkActions';
import { CreateCustomerDialog } from './CreateCustomerDialog';
import { CUSTOMER_COLUMNS, defaultColumns } from './columns';
import { EntityTabs } from './EntityTabs';
import { LeadBoard } from './LeadBoard';
import { PhaseBoard } from './PhaseBoard';

/**
 * Contacts, accounts and leads: one server-paged grid per type with search, a filter builder, saved
 * views and a column chooser. What the list shows — filter, sort, search, columns, the view in use —
 * is kept in the URL, so a link (or a reload) shows the same list. Paging is keyset on the server, so
 * the grid keeps the cursor of every page it has visited to go back and forth.
 */
export default function CustomersPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const { params, setParams, setListParams } = useListParams();
  const entity = entityOf(params.get('type'));
  // Each type can also be seen as a board (?view=board): leads by status, contacts and accounts by
  // relationship phase.
  const board = params.get('view') === 'board';
  const filterText = params.get('filter');
  const listFilter = useListFilter(params);
  const { filter } = listFilter;
  const sort = params.get('sort');
  const columnsParam = params.get('columns');
  const chosenColumns = columnsParam ? columnsParam.split(',').filter(Boolean) : defaultColumns(entity);
  const listSearch = useListSearch({ params, setListParams });
  const { q } = listSearch;
  const [selection, setSelection] = useState<GridRowSelectionModel>({ type: 'include', ids: new Set() });
  const [creating, setCreating] = useState(false);
  const [exporting, setExporting] = useState(false);
  const fields = useListFields({ entity, plural: PLURAL[entity] });
  // At phone width the name and the next chosen column are what fit; the rest is on the record's page.
  const narrow = useMediaQuery(useTheme().breakpoints.down('sm'));

  // A new type, search, filter or sort starts again from the first page, with nothing chosen.
  const listKey = `${entity}|${q}|${sort ?? ''}|${filterText ?? ''}`;
  const keyset = useKeysetPaging(listKey);
  // biome-ignore lint/correctness/useExhaustiveDependencies: a new list clears what was chosen in the old
  useEffect(() => setSelection({ type: 'include', ids: new Set() }), [listKey]);
  const page = useCustomerPage(
    entity,
    q,
    keyset.cursor,
    keyset.paging.pageSize,
    sort ?? undefined,
    filterParam(filter),
  );
  const selectedIds = [...selection.ids].map(String);

  const columns = useListColumns(fields.data ?? [], chosenColumns, CUSTOMER_COLUMNS);
  const visibleOnPhone = new Set(columns.slice(0, 2).map((c) => c.field));
  const columnVisibility = narrow
    ? Object.fromEntries(columns.map((c) => [c.field, visibleOnPhone.has(c.field)]))
    : {};

  return (
    <Box>
      <Box sx={{ display: 'flex', alignItems: 'center', gap: 2, mb: 2, flexWrap: 'wrap' }}>
        <Typography variant="h1" sx={{ flex: 1 }}>
          {t('modules.customers.name')}
        </Typography>
        <Button startIcon={<FileUpload />} component={RouterLink} to={`/customers/import?type=${entity}`}>
          {t('imports.action')}
        </Button>
        <Button startIcon={<FileDownload />} onClick={() => setExporting(true)}>
          {t('imports.exportAction')}
        </Button>
        <CleanDataMenu entity={entity} />
        <Button variant="contained" startIcon={<Add />} onClick={() => setCreating(true)}>
          {t(`customers.new.${entity}`)}
        </Button>
      </Box>
      <EntityTabs
        value={entity}
        onChange={(value) => {
          listSearch.setSearch('');
          setParams(board ? { type: value, view: 'board' } : { type: value });
        }}
      />
      <ToggleButtonGroup
        exclusive
        size="small"
        value={board ? 'board' : 'list'}
        onChange={(_event, value: 'board' | 'list' | null) => {
          if (value) setParams(value === 'board' ? { type: entity, view: 'board' } : { type: entity });
        }}
        aria-label={t('customers.board.view')}
        color="primary"
        sx={{
          mb: 2,
          display: 'flex',
          '& .MuiToggleButton-root:not(.Mui-selected)': { color: 'text.primary' },
        }}
      >
        <ToggleButton value="list">{t('customers.board.list')}</ToggleButton>
        <ToggleButton value="board">{t('customers.board.board')}</ToggleButton>
      </ToggleButtonGroup>
      {board ? (
        entity === 'lead' ? (
          <LeadBoard />
        ) : (
          <PhaseBoard type={entity} />
        )
      ) : (
        <>
          <ListTools
            entity={entity}
            fields={fields.data ?? []}
            fixedColumn="name"
            columns={chosenColumns}
            sort={sort}
            searchPlaceholder={t('customers.searchPlaceholder')}
            search={listSearch}
            filter={listFilter}
            listParams={{ params, setListParams }}
          />
          <ListBody query={page} setListParams={setListParams}>
            <BulkActions
              entity={entity}
              ids={selectedIds}
              onDone={() => setSelection({ type: 'include', ids: new Set() })}
            />
            <Paper variant="outlined" sx={{ height: { xs: 520, md: 640 } }}>
              <ServerGrid
                page={page}
                keyset={keyset}
                listKey={listKey}
                columns={columns}
                sort={sort}
                busy={fields.isLoading}
                onSort={(next) => setListParams({ sort: next })}
                columnVisibilityModel={columnVisibility}
                checkboxSelection
                hideFooterSelectedRowCount
                rowSelectionModel={selection}
                onRowSelectionModelChange={setSelection}
                disableRowSelectionOnClick
                onRowClick={({ row }) => navigate(`/customers/${PLURAL[entity]}/${row.id}`)}
                aria-label={t(`customers.plural.${entity}`)}
              />
            </Paper>
          </ListBody>
        </>
      )}
      <ExportDialog
        entity={entity}
        q={q}
        filter={serverFilterOf(filter)}
        open={exporting}
        onClose={() => setExporting(false)}
      />
      <CreateCustomerDialog
        entity={entity}
        open={creating}
        onClose={() => setCreating(false)}
        onCreated={(record) => {
          setCreating(false);
          navigate(`/customers/${PLURAL[entity]}/${record.id}`);
        }}
      />
    </Box>
  );
}
