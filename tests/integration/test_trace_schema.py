"""test_trace_schema.py - every event a server writes fits docs/trace.schema.json."""
import json
import os

import jsonschema

from harness import ROOT, ServerTest


class TraceSchema(ServerTest):

    def test_server_trace_matches_schema(self):
        with open(os.path.join(ROOT, "docs", "trace.schema.json"), encoding="utf-8") as f:
            schema = json.load(f)
        beta = self.start("Beta.ARPA")
        d = self.dialogue(beta)
        d.cmd("EHLO Alpha.ARPA")
        d.cmd("MAIL FROM:<Smith@Alpha.ARPA>")
        d.cmd("RCPT TO:<Jones@Beta.ARPA>")
        d.cmd("RCPT TO:<Green@Beta.ARPA>")
        d.cmd("DATA")
        d.send("Subject: schema")
        d.send("")
        d.send("hello")
        d.cmd(".")
        d.cmd("QUIT")
        d.close()
        self.assertTrue(self.wait_for(lambda: any(e["event"] == "close" for e in beta.trace())))
        events = beta.trace()
        kinds = {e["event"] for e in events}
        self.assertLessEqual({"connect", "command", "reply", "data", "message", "delivery", "close"}, kinds)
        validator = jsonschema.Draft202012Validator(schema)
        for event in events:
            errors = sorted(validator.iter_errors(event), key=str)
            self.assertEqual(errors, [], event)
        # a wrong event must fail, or the schema checks nothing
        bad = dict(events[0], event="reply")
        self.assertTrue(list(validator.iter_errors(bad)))
