"""Sentences no claim took, paired just under the alignment bar (claims._pair_lone_sentences):
two outlets telling one fact in two wordings are one claim; sentences already in a claim,
quotations and questions are never paired this way."""

from __future__ import annotations

from test_compare_records import unit

from crosscheck.compare.claims import LONE_SENTENCE_SLACK, _pair_lone_sentences

BAR = 0.7
JUST_UNDER = BAR - LONE_SENTENCE_SLACK / 2


def paired(units, candidates, members=None):
    members = members or {i: [i] for i in range(len(units))}
    group_of = list(range(len(units)))
    for group, indices in members.items():
        for i in indices:
            group_of[i] = group
    _pair_lone_sentences(members, group_of, units, candidates, BAR)
    return sorted(sorted(group) for group in members.values())


def test_two_lone_sentences_just_under_the_bar_become_one_claim_best_pair_first():
    units = [unit("a", "The mayor threatened to close the bridge within weeks."),
             unit("b", "The mayor has said she may shut the bridge as soon as June."),
             unit("c", "The mayor warned the bridge could close soon.")]
    # b fits a better than c does: a and b pair, c stays alone (one sentence per claim side)
    assert paired(units, [(JUST_UNDER, 0, 1), (JUST_UNDER - 0.01, 0, 2)]) == [[0, 1], [2]]


def test_sentences_in_a_claim_quotations_and_questions_are_not_paired():
    units = [unit("a", "The ferry left the harbour late on Monday."),
             unit("b", "The ferry sailed from the harbour late on Monday."),
             unit("c", "The ferry departed the port late on Monday.")]
    # a is already in a claim with c: b is not added to it by this pass
    assert paired(units, [(JUST_UNDER, 0, 1)], members={0: [0, 2], 1: [1]}) == [[0, 2], [1]]
    quoted = [unit("a", "“We will not give up the port,” the mayor said."),
              unit("b", "The mayor vowed to keep the port open.")]
    assert paired(quoted, [(JUST_UNDER, 0, 1)]) == [[0], [1]]
    asked = [unit("a", "Will the port reopen before winter?"),
             unit("b", "The port will reopen before winter.")]
    assert paired(asked, [(JUST_UNDER, 0, 1)]) == [[0], [1]]
    # under the pass's own bar nothing is paired
    plain = [unit("a", "The ferry left the harbour."), unit("b", "The ferry sailed away.")]
    assert paired(plain, [(BAR - LONE_SENTENCE_SLACK - 0.01, 0, 1)]) == [[0], [1]]
