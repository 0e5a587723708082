"""What each computed sentence states, as claims (core/claims.py), from the facts only: no wording here.

One module per section, one function per sentence: facts in, ``Claims`` out, each claim with its role
in the sentence, its fact path in facts.json and its printed form. The Chinese wording of the same
sentences is aimonthly.narrative.<section> (claims in, text out); another language words the same
claims in modules of its own.
"""
