/** The demo module's door: all that other modules, the adapters and the jobs may use of it. */

export { loadDemoData } from './demo.service.ts';
export { resetTenantData } from './demo-reset.ts';
