import { z } from 'zod';
import { url } from './source-fields.js';

/** OpenTelemetry traces over OTLP/HTTP (off unless an endpoint is set here or in OTEL_EXPORTER_OTLP_ENDPOINT). */
export const telemetrySchema = z
  .strictObject({
    otlpEndpoint: url.optional(),
    serviceName: z.string().min(1).default('inbox-gateway'),
  })
  .optional();
