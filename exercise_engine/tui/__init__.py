"""The exercise consoles (Textual): facilitator, table, evaluator, projector; in terminals or browsers.

`app.make_app()` builds one for a role on an open session store; `serve.serve()` puts them in a browser.
"""
