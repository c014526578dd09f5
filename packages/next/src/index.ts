export type { ApiKeyManager, ApiKeyRecord, ApiKeyScope } from './api-keys';
export { createApiKeyManager, presentedApiKey } from './api-keys';
export type { Integration, IntegrationHealth, MedflowRouteHandlers } from './handlers';
export { createMedflowRouteHandlers } from './handlers';
export type * from './types';
