/**
 * Names both the code and the CDK stack spell: the stack creates them, the code
 * relies on them. Kept free of imports, because infra and its tests import it.
 */

/** The Cognito group a moderator token must carry (`groups` / `cognito:groups`, docs/api.md). */
export const MODERATORS_GROUP = 'moderators';

/** CloudWatch namespace of the Powertools EMF metrics; the alarms watch it. */
export const METRICS_NAMESPACE = 'LeaveAReply';
