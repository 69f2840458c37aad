// Imported first by the local stack, before the logger module reads it: readable log
// lines in a terminal. Lambda never sets it, so AWS keeps Powertools' JSON.
process.env.LOG_FORMAT ??= 'text';
