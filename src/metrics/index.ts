export { metricsPart } from './http.js';
export { healthOf, WAITING_TOO_LONG_MS, type Health } from './health.js';
export { serviceMetrics, TRANSMISSION_STATES, type ServiceMetrics } from './metrics.js';
