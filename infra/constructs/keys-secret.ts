import { type RemovalPolicy, Validations } from 'aws-cdk-lib';
import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';

export interface KeysSecretProps {
  readonly removalPolicy: RemovalPolicy;
}

/**
 * The application's key ring for personal data: a field-encryption / lookup
 * key `k1` that CloudFormation generates (64 random letters and digits), and
 * the names of the key used for new writes (`current`) and for email lookup
 * hashes (`lookup`).
 *
 * `{"current":"k1","lookup":"k1","k1":"…"}`
 *
 * Rotation is a deliberate operator action (docs/deploy.md): add `k2`, set
 * `current` to `k2`; old keys stay so that stored data can still be decrypted.
 * Secrets Manager's Lambda-driven rotation cannot do that safely, so none is
 * scheduled.
 */
export class KeysSecret extends Construct {
  readonly secret: Secret;

  constructor(scope: Construct, id: string, props: KeysSecretProps) {
    super(scope, id);
    this.secret = new Secret(this, 'Secret', {
      description: 'Leave a Reply: keys for comment personal data (encryption and lookup hashes)',
      generateSecretString: {
        secretStringTemplate: JSON.stringify({ current: 'k1', lookup: 'k1' }),
        generateStringKey: 'k1',
        passwordLength: 64,
        excludePunctuation: true,
      },
      removalPolicy: props.removalPolicy,
    });
    Validations.of(this.secret).acknowledge({
      id: 'AwsSolutions-SMG4',
      reason:
        'The secret is a key ring, not a credential: rotating means adding k2 and pointing "current" at it while k1 stays to decrypt existing data (docs/deploy.md). Automatic rotation would replace k1 and make stored personal data unreadable.',
    });
  }
}
