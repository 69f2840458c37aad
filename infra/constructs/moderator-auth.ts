import { Aws, Duration, Fn, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import {
  AccountRecovery,
  ClientAttributes,
  CfnManagedLoginBranding,
  type CfnUserPoolClient,
  ManagedLoginVersion,
  OAuthScope,
  UserPoolClientIdentityProvider,
  type UserPoolDomain,
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
  readonly stage: string;
  /** Managed-login domain prefix; default `leave-a-reply-<stage>-<account id>`. */
  readonly signInDomainPrefix?: string | undefined;
  readonly mfa: 'OPTIONAL' | 'REQUIRED';
  readonly featurePlan: 'ESSENTIALS' | 'PLUS';
  readonly removalPolicy: RemovalPolicy;
}

/**
 * Who may moderate: a Cognito user pool that only administrators add people to
 * (no self sign-up), a strong password policy, TOTP MFA (optional or required
 * by config), the `moderators` group, Cognito's managed login on its own domain,
 * and one public app client (no secret): the moderators' page signs in through
 * managed login (authorization code + PKCE, callback and logout URL `<api>/moderate`,
 * set with `allowSignInFrom` once the API exists); a CLI can use SRP or, for scripts,
 * USER_PASSWORD_AUTH over TLS.
 */
export class ModeratorAuth extends Construct {
  readonly userPool: UserPool;
  readonly client: UserPoolClient;
  readonly domain: UserPoolDomain;
  /** `https://<prefix>.auth.<region>.amazoncognito.com`: where the moderators' page signs in. */
  readonly loginDomainUrl: string;
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
    this.domain = this.userPool.addDomain('ManagedLogin', {
      cognitoDomain: { domainPrefix: props.signInDomainPrefix ?? Fn.join('-', ['leave-a-reply', props.stage, Aws.ACCOUNT_ID]) },
      managedLoginVersion: ManagedLoginVersion.NEWER_MANAGED_LOGIN,
    });
    this.loginDomainUrl = this.domain.baseUrl();
    this.client = this.userPool.addClient('ModerationClient', {
      generateSecret: false,
      // The moderators' page: authorization code with PKCE (a public client, no implicit flow).
      oAuth: {
        flows: { authorizationCodeGrant: true, implicitCodeGrant: false },
        scopes: [OAuthScope.OPENID, OAuthScope.EMAIL, OAuthScope.PROFILE],
      },
      supportedIdentityProviders: [UserPoolClientIdentityProvider.COGNITO],
      authFlows: { userSrp: true, userPassword: true },
      preventUserExistenceErrors: true,
      // A moderator's `name` is published on their replies and `email` filed with them: only
      // administrators set those. Left unset, Cognito lets users write every attribute.
      writeAttributes: new ClientAttributes().withStandardAttributes({ locale: true, timezone: true }),
      enableTokenRevocation: true,
      accessTokenValidity: Duration.hours(1),
      idTokenValidity: Duration.hours(1),
      refreshTokenValidity: Duration.days(1),
    });
    this.issuer = `https://cognito-idp.${Stack.of(this).region}.amazonaws.com/${this.userPool.userPoolId}`;
    // Managed login needs a style for the client; Cognito's own look will do.
    new CfnManagedLoginBranding(this, 'ManagedLoginStyle', {
      userPoolId: this.userPool.userPoolId,
      clientId: this.client.userPoolClientId,
      useCognitoProvidedValues: true,
    });

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

  /**
   * The moderators' page as the only place managed login returns to (sign-in and
   * sign-out). Set after the API exists, since its URL is the API's.
   */
  allowSignInFrom(pageUrl: string): void {
    const client = this.client.node.defaultChild as CfnUserPoolClient;
    client.callbackUrLs = [pageUrl];
    client.logoutUrLs = [pageUrl];
  }
}
