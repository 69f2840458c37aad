import { Duration, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import {
  AccountRecovery,
  FeaturePlan,
  Mfa,
  StandardThreatProtectionMode,
  UserPool,
  type UserPoolClient,
} from 'aws-cdk-lib/aws-cognito';
import { Construct } from 'constructs';

/** The group the API requires in `cognito:groups` (docs/api.md). */
export const MODERATORS_GROUP = 'moderators';

export interface ModeratorAuthProps {
  readonly mfa: 'OPTIONAL' | 'REQUIRED';
  readonly featurePlan: 'ESSENTIALS' | 'PLUS';
  readonly removalPolicy: RemovalPolicy;
}

/**
 * Who may moderate: a Cognito user pool that only administrators add people to
 * (no self sign-up), a strong password policy, TOTP MFA (optional or required
 * by config), the `moderators` group, and one public app client (no secret) so
 * that a CLI or a small moderation UI can sign in with SRP or, for scripts,
 * USER_PASSWORD_AUTH over TLS.
 */
export class ModeratorAuth extends Construct {
  readonly userPool: UserPool;
  readonly client: UserPoolClient;
  /** `https://cognito-idp.<region>.amazonaws.com/<poolId>`: the JWT `iss` claim. */
  readonly issuer: string;

  constructor(scope: Construct, id: string, props: ModeratorAuthProps) {
    super(scope, id);
    const plus = props.featurePlan === 'PLUS';
    this.userPool = new UserPool(this, 'UserPool', {
      selfSignUpEnabled: false,
      signInAliases: { email: true },
      signInCaseSensitive: false,
      autoVerify: { email: true },
      passwordPolicy: {
        minLength: 14,
        requireLowercase: true,
        requireUppercase: true,
        requireDigits: true,
        requireSymbols: true,
        tempPasswordValidity: Duration.days(3),
      },
      mfa: props.mfa === 'REQUIRED' ? Mfa.REQUIRED : Mfa.OPTIONAL,
      mfaSecondFactor: { otp: true, sms: false },
      accountRecovery: AccountRecovery.EMAIL_ONLY,
      featurePlan: plus ? FeaturePlan.PLUS : FeaturePlan.ESSENTIALS,
      ...(plus ? { standardThreatProtectionMode: StandardThreatProtectionMode.FULL_FUNCTION } : {}),
      deletionProtection: props.removalPolicy === RemovalPolicy.RETAIN,
      removalPolicy: props.removalPolicy,
    });
    this.userPool.addGroup('Moderators', {
      groupName: MODERATORS_GROUP,
      description: 'May list, approve, edit and delete comments and run privacy exports/erasures.',
    });
    this.client = this.userPool.addClient('ModerationClient', {
      generateSecret: false,
      // Tokens come from InitiateAuth (SRP or password), not the hosted UI.
      disableOAuth: true,
      authFlows: { userSrp: true, userPassword: true },
      preventUserExistenceErrors: true,
      enableTokenRevocation: true,
      accessTokenValidity: Duration.hours(1),
      idTokenValidity: Duration.hours(1),
      refreshTokenValidity: Duration.days(1),
    });
    this.issuer = `https://cognito-idp.${Stack.of(this).region}.amazonaws.com/${this.userPool.userPoolId}`;

    if (props.mfa === 'OPTIONAL') {
      Validations.of(this.userPool).acknowledge({
        id: 'AwsSolutions-COG2',
        reason:
          'MFA is OPTIONAL only because this stage is configured with mfa=OPTIONAL (cdk.json); the pool has no self sign-up, so every account is created by an administrator. Prod uses the default mfa=REQUIRED.',
      });
    }
    if (!plus) {
      Validations.of(this.userPool).acknowledge({
        id: 'AwsSolutions-COG8',
        reason:
          'This stage runs on the Essentials plan (cognitoPlan config): a handful of administrator-created moderators with no self sign-up; Plus (threat protection) is the prod default and one setting away.',
      });
    }
  }
}
