import { ArnFormat, type RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Key } from 'aws-cdk-lib/aws-kms';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { EmailSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import { Construct } from 'constructs';

export interface NotificationTopicsProps {
  readonly moderatorEmail: string;
  readonly alarmEmail: string;
  readonly removalPolicy: RemovalPolicy;
}

/**
 * The two SNS topics people subscribe to by email: moderators hear about held
 * comments, operators about alarms. Both are encrypted with one customer
 * managed key (rotated yearly) and refuse non-TLS publishers. A customer key
 * rather than `alias/aws/sns` because CloudWatch alarms cannot publish to a
 * topic encrypted with the AWS-managed key: its key policy cannot be changed
 * to let `cloudwatch.amazonaws.com` use it.
 */
export class NotificationTopics extends Construct {
  readonly key: Key;
  readonly moderatorTopic: Topic;
  readonly alarmTopic: Topic;

  constructor(scope: Construct, id: string, props: NotificationTopicsProps) {
    super(scope, id);
    this.key = new Key(this, 'Key', {
      description: 'Leave a Reply: encrypts the moderator and alarm SNS topics',
      enableKeyRotation: true,
      removalPolicy: props.removalPolicy,
    });
    this.key.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'AllowCloudWatchAlarmsToPublishToEncryptedTopics',
        principals: [new iam.ServicePrincipal('cloudwatch.amazonaws.com')],
        actions: ['kms:Decrypt', 'kms:GenerateDataKey'],
        resources: ['*'], // in a key policy, "*" means this key
        // Only for this account's own alarms: CloudWatch acting for anybody else gets nothing.
        conditions: {
          StringEquals: { 'aws:SourceAccount': Stack.of(this).account },
          ArnLike: { 'aws:SourceArn': Stack.of(this).formatArn({ service: 'cloudwatch', resource: 'alarm', resourceName: '*', arnFormat: ArnFormat.COLON_RESOURCE_NAME }) },
        },
      }),
    );

    this.moderatorTopic = new Topic(this, 'ModeratorTopic', {
      displayName: 'Leave a Reply: comments awaiting moderation',
      masterKey: this.key,
      enforceSSL: true,
    });
    this.moderatorTopic.addSubscription(new EmailSubscription(props.moderatorEmail));

    this.alarmTopic = new Topic(this, 'AlarmTopic', {
      displayName: 'Leave a Reply: alarms',
      masterKey: this.key,
      enforceSSL: true,
    });
    this.alarmTopic.addSubscription(new EmailSubscription(props.alarmEmail));
  }
}
