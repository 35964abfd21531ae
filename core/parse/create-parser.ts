import { AwsAlbParser } from './aws-alb';
import { W3cParser, type W3cOptions } from './w3c';
import { CombinedParser, type CombinedOptions } from './combined';
import { HaproxyParser } from './haproxy';
import { JsonParser, type JsonOptions } from './json';
import type { FormatId, LineParser } from './parser';
import { PrototypeCsvParser } from './prototype-csv';
import { Wso2AccessParser, type Wso2AccessOptions } from './wso2-access';
import { Wso2CarbonParser, type Wso2CarbonOptions } from './wso2-carbon';
import { Wso2MetricsParser } from './wso2-metrics';

export interface FormatInfo {
  id: FormatId;
  /** One line for `--help` and the README. */
  description: string;
}

export const FORMATS: readonly FormatInfo[] = [
  { id: 'combined', description: 'nginx/Apache access log, combined or common (vhost, host:port, syslog-wrapped variants)' },
  { id: 'wso2-access', description: 'WSO2 API-M gateway access log (request/response lines paired) or Tomcat servlet access log' },
  { id: 'wso2-metrics', description: 'WSO2 API-M apim_metrics.log analytics events (apim:response, apim:faulty)' },
  { id: 'wso2-carbon', description: 'WSO2 wso2carbon.log / wso2-apigw-errors.log gateway authentication failures' },
  { id: 'haproxy', description: 'HAProxy HTTP log (option httplog / httpslog), syslog-wrapped or not' },
  { id: 'aws-alb', description: 'AWS Application Load Balancer access log (as delivered to S3, gzip or not)' },
  { id: 'w3c', description: 'W3C extended log: IIS, Amazon CloudFront (columns from its #Fields header)' },
  { id: 'json', description: 'JSON Lines access log (envoy, Kong, Caddy, Traefik, generic gateways; field mapping), raw or CRI/docker wrapped' },
  { id: 'prototype-csv', description: "the Python prototype's 13-column CSV" },
];

/** Options of every parser; each takes the ones it knows. */
export type CreateParserOptions = CombinedOptions & Wso2AccessOptions & Wso2CarbonOptions & JsonOptions & W3cOptions;

export function createParser(format: FormatId, options: CreateParserOptions = {}): LineParser {
  switch (format) {
    case 'combined':
      return new CombinedParser(options);
    case 'wso2-access':
      return new Wso2AccessParser(options);
    case 'wso2-metrics':
      return new Wso2MetricsParser(options);
    case 'wso2-carbon':
      return new Wso2CarbonParser(options);
    case 'haproxy':
      return new HaproxyParser(options);
    case 'aws-alb':
      return new AwsAlbParser(options);
    case 'w3c':
      return new W3cParser(options);
    case 'json':
      return new JsonParser(options);
    case 'prototype-csv':
      return new PrototypeCsvParser(options);
    default:
      throw new Error(`unknown format '${String(format satisfies never)}'`);
  }
}
