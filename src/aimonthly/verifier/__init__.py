"""The verifier: every computed sentence's claims re-derived from facts.json, apart from the templates.

It reads claims (core/claims.py) and the facts, never a value out of the prose: the text is read only for
the names and figures a claim says it prints, and for relation words (上涨, 居前, 持平 …) that no claim
licenses. ``problems`` lists what does not hold; ``require_true`` fails the build with ``UntrueSentence``
(a ``StageFailed`` naming the section, the sentence and the claim); ``aimonthly check`` reports the same
problems as rule ``claims`` (docs/check.md).
"""

from aimonthly.verifier.errors import UntrueSentence
from aimonthly.verifier.rules import Problem, problems, require_true

__all__ = ["Problem", "UntrueSentence", "problems", "require_true"]
