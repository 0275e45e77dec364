/* rfc821-fixture.h - labs/scenarios/rfc821.ini, the hosts and users of
 * RFC 821's examples, loaded once for a test program (run from the top
 * of the tree, as tests/run.py does). */
#ifndef SMTPLAB_RFC821_FIXTURE_H
#define SMTPLAB_RFC821_FIXTURE_H

#include "scenario.h"

static SmtpScenario *rfc821;

/* rfc821_run - loads the scenario, runs the tests added, frees it */
static int
rfc821_run (void)
{
  GError *error = NULL;
  rfc821 = smtp_scenario_load ("labs/scenarios/rfc821.ini", &error);
  g_assert_no_error (error);
  int status = g_test_run ();
  smtp_scenario_free (rfc821);
  return status;
}

#endif
