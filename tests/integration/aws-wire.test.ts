/**
 * The AWS services with no local emulator (SNS, Secrets Manager), at the wire: a loopback HTTP
 * server answers as AWS answers, and the test checks what the functions' transport sends —
 * the operation, the SigV4 signature's service, the body — how the answer is read, and which
 * answers are retried.
 */

import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AwsServiceError, awsJsonService, serviceEndpoint } from '../../shared/adapters/aws/aws-service.ts';
import { snsPublisher } from '../../shared/adapters/notify/sns-client.ts';
import { SnsModeratorNotifier } from '../../shared/adapters/notify/sns-moderator-notifier.ts';
import { newKeyMaterial, secretsManagerKeyring } from '../../shared/adapters/secrets/key-sources.ts';
import { randomBytes } from 'node:crypto';
import { createRequire } from 'node:module';

interface Received {
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
}

interface FakeAws {
  endpoint: string;
  received: Received[];
  /** The next answers, in order: status, content type, body. */
  answers: Array<[number, string, string]>;
}

let aws: FakeAws;
let close: () => Promise<void>;

beforeAll(async () => {
  const received: Received[] = [];
  const answers: FakeAws['answers'] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      received.push({ path: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
      const [status, type, body] = answers.shift() ?? [500, 'text/plain', 'no answer prepared'];
      res.writeHead(status, { 'content-type': type }).end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  aws = { endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, received, answers };
  close = () => new Promise((resolve) => server.close(() => resolve()));
});
afterAll(() => close());

const notice = {
  commentId: '01JEXAMPLE0000000000000000',
  postId: 'hello-world',
  author: 'Ann',
  excerpt: 'A held comment',
  reasons: ['It holds 3 links.'],
  links: { approve: 'a.b', spam: 'c.d', trash: 'e.f' },
};

describe('SNS Publish (query protocol)', () => {
  it('sends a signed Publish with the topic, subject and message, and reads the XML answer', async () => {
    // Prepare
    aws.answers.push([
      200,
      'text/xml',
      '<PublishResponse xmlns="http://sns.amazonaws.com/doc/2010-03-31/"><PublishResult><MessageId>m-1</MessageId></PublishResult><ResponseMetadata><RequestId>r-1</RequestId></ResponseMetadata></PublishResponse>',
    ]);
    const notifier = new SnsModeratorNotifier(snsPublisher({ region: 'eu-west-1', endpoint: aws.endpoint }), 'arn:aws:sns:eu-west-1:123456789012:moderators', 'https://api.example/');

    // Act
    await notifier.commentHeld(notice);

    // Assess
    const sent = aws.received.at(-1)!;
    const form = new URLSearchParams(sent.body);
    expect(Object.fromEntries(form)).toMatchObject({ Action: 'Publish', Version: '2010-03-31', TopicArn: 'arn:aws:sns:eu-west-1:123456789012:moderators' });
    expect(form.get('Subject')).toBe('Please moderate: a comment on "hello-world"');
    expect(form.get('Message')).toContain('Approve it: https://api.example/moderation-links/a.b');
    expect(sent.headers.authorization).toMatch(/^AWS4-HMAC-SHA256 Credential=local\/\d{8}\/eu-west-1\/sns\/aws4_request/);
  });

  it("surfaces SNS's error by its code, with AWS's message", async () => {
    // Prepare
    aws.answers.push([
      403,
      'text/xml',
      '<ErrorResponse xmlns="http://sns.amazonaws.com/doc/2010-03-31/"><Error><Type>Sender</Type><Code>AuthorizationError</Code><Message>Not authorized to publish.</Message></Error><RequestId>r-2</RequestId></ErrorResponse>',
    ]);
    const publish = snsPublisher({ region: 'eu-west-1', endpoint: aws.endpoint });

    // Act
    const error = await publish({ TopicArn: 'arn:aws:sns:eu-west-1:123456789012:t', Subject: 's', Message: 'm' }).catch((e: unknown) => e);

    // Assess
    expect(error).toBeInstanceOf(AwsServiceError);
    expect(error).toMatchObject({ name: 'AuthorizationError', message: 'Not authorized to publish.', statusCode: 403 });
  });
});

describe('Secrets Manager GetSecretValue (JSON 1.1)', () => {
  it('fetches the key material once, on first use, with a signed GetSecretValue for the secret', async () => {
    // Prepare
    const material = newKeyMaterial(randomBytes);
    const arn = 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:keys-AbCdEf';
    aws.answers.push([200, 'application/x-amz-json-1.1', JSON.stringify({ ARN: arn, Name: 'keys', SecretString: material, VersionId: 'v1' })]);
    const before = aws.received.length;
    const keys = secretsManagerKeyring(arn, { region: 'eu-west-1', endpoint: aws.endpoint });
    expect(aws.received.length).toBe(before);

    // Act
    const [first, second] = [await keys(), await keys()];

    // Assess
    expect(first).toBe(second);
    expect(aws.received.length).toBe(before + 1);
    const sent = aws.received.at(-1)!;
    expect(sent.headers['x-amz-target']).toBe('secretsmanager.GetSecretValue');
    expect(sent.headers['content-type']).toBe('application/x-amz-json-1.1');
    expect(JSON.parse(sent.body)).toEqual({ SecretId: arn });
    expect(sent.headers.authorization).toMatch(/\/eu-west-1\/secretsmanager\/aws4_request/);
  });

  it('names the error when the secret is not there, without the material', async () => {
    // Prepare
    aws.answers.push([400, 'application/x-amz-json-1.1', JSON.stringify({ __type: 'ResourceNotFoundException', message: "Secrets Manager can't find the specified secret." })]);
    const keys = secretsManagerKeyring('arn:aws:secretsmanager:eu-west-1:123456789012:secret:gone', { region: 'eu-west-1', endpoint: aws.endpoint });

    // Act
    const error = await keys().catch((e: unknown) => e);

    // Assess
    expect(error).toMatchObject({ name: 'ResourceNotFoundException', statusCode: 400 });
  });
});

describe('The transport: endpoint and retries', () => {
  it("is AWS's regional endpoint on AWS (the host aws4 derives) and the emulator's URL locally", () => {
    const aws4 = createRequire(import.meta.url)('aws4') as { sign: (request: object) => { hostname?: string; host?: string } };
    for (const service of ['dynamodb', 'sqs', 'sns', 'secretsmanager']) {
      const signed = aws4.sign({ service, region: 'eu-west-1', path: '/' });
      expect(new URL(serviceEndpoint(service, { region: 'eu-west-1' })).host).toBe(signed.hostname ?? signed.host);
    }
    expect(serviceEndpoint('dynamodb', { region: 'eu-west-1', endpoint: aws.endpoint })).toBe(aws.endpoint);
  });

  it('retries a 5xx answer and a throttled one, then gives up after 3 attempts in all; a refusal is not retried', async () => {
    // Prepare
    const call = awsJsonService({ service: 'sqs', target: 'AmazonSQS', version: '1.0' }, { region: 'eu-west-1', endpoint: aws.endpoint });
    const throttled = [400, 'application/x-amz-json-1.0', JSON.stringify({ __type: 'com.amazonaws.sqs#RequestThrottled', message: 'Rate exceeded' })] as [number, string, string];
    const before = aws.received.length;

    // Act: 500, throttled, then the answer
    aws.answers.push([500, 'text/plain', ''], throttled, [200, 'application/x-amz-json-1.0', JSON.stringify({ QueueUrls: ['q'] })]);
    const recovered = await call('ListQueues', {});
    aws.answers.push(throttled, throttled, throttled);
    const gaveUp = await call('ListQueues', {}).catch((e: unknown) => e);
    aws.answers.push([400, 'application/x-amz-json-1.0', JSON.stringify({ __type: 'com.amazonaws.sqs#QueueDoesNotExist', message: 'The specified queue does not exist.' })]);
    const refused = await call('GetQueueUrl', { QueueName: 'gone' }).catch((e: unknown) => e);

    // Assess
    expect(recovered).toEqual({ QueueUrls: ['q'] });
    expect(gaveUp).toMatchObject({ name: 'RequestThrottled', statusCode: 400 });
    expect(refused).toMatchObject({ name: 'QueueDoesNotExist', message: 'The specified queue does not exist.' });
    expect(aws.received.length - before).toBe(3 + 3 + 1);
    expect(aws.received.slice(before).every((r) => String(r.headers['x-amz-target']).startsWith('AmazonSQS.') && /\/eu-west-1\/sqs\/aws4_request/.test(String(r.headers.authorization)))).toBe(true);
  });
});
