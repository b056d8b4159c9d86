export { createApp, type AppDeps } from './app';
export { startApi, type ApiService } from './api-service';
