import type { Rng } from '../prng';
import type { GenerateFormat } from '../types';
import { AwsAlbWriter } from './aws-alb';
import { CombinedWriter } from './combined';
import { HaproxyWriter } from './haproxy';
import { W3cWriter } from './w3c';
import { Wso2AccessWriter } from './wso2-access';
import { Wso2MetricsWriter } from './wso2-metrics';
import type { FormatWriter } from './writer';

export type { FormatWriter, LineSink } from './writer';

export function createWriter(format: GenerateFormat, rng: Rng): FormatWriter {
  switch (format) {
    case 'combined':
      return new CombinedWriter();
    case 'haproxy':
      return new HaproxyWriter();
    case 'aws-alb':
      return new AwsAlbWriter();
    case 'w3c':
      return new W3cWriter();
    case 'wso2-access':
      return new Wso2AccessWriter();
    case 'wso2-metrics':
      return new Wso2MetricsWriter(rng);
  }
}
