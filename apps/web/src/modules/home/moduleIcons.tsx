import CampaignOutlined from '@mui/icons-material/CampaignOutlined';
import InsightsOutlined from '@mui/icons-material/InsightsOutlined';
import PeopleAltOutlined from '@mui/icons-material/PeopleAltOutlined';
import SupportAgentOutlined from '@mui/icons-material/SupportAgentOutlined';
import TrendingUpOutlined from '@mui/icons-material/TrendingUpOutlined';
import type { ReactElement } from 'react';
import type { ModuleKey } from '../../app/modules';

export const MODULE_ICONS: Record<ModuleKey, ReactElement> = {
  customers: <PeopleAltOutlined />,
  sales: <TrendingUpOutlined />,
  service: <SupportAgentOutlined />,
  marketing: <CampaignOutlined />,
  analytics: <InsightsOutlined />,
};
