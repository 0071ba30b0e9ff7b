"""Settings: one typed object with one default per field, read back from a real SQLite file, and the rules a round
starts with (a class's fixed settings, then the length asked for, then the player's own)."""

from __future__ import annotations

from dataclasses import replace

from hypothesis import given
from hypothesis import strategies as st

from orbitquiz.game import Rules
from orbitquiz.settings import FixedSettings, PlayerSettings, Settings
from orbitquiz.store import Store

own_settings = st.builds(PlayerSettings, theme=st.sampled_from(["nord", "textual-light"]),
                         questions_per_round=st.integers(1, 50), timer=st.booleans())
fixed_settings = st.builds(FixedSettings, questions=st.none() | st.integers(1, 50),
                           seconds=st.none() | st.integers(0, 120))


@given(own_settings, fixed_settings, st.none() | st.integers(0, 50))
def test_a_rounds_length_is_the_classs_then_the_one_asked_for_then_the_players(own, fixed, requested):
    rules = fixed.rules(own, requested)
    expected = fixed.questions if fixed.questions is not None else requested or own.questions_per_round
    assert rules.questions_per_round == expected
    assert replace(rules, questions_per_round=Rules().questions_per_round) == Rules()  # only the length changes


@given(own_settings, fixed_settings)
def test_the_timer_is_the_classs_else_the_players_switch_for_the_rules_seconds(own, fixed):
    seconds = fixed.question_seconds(own, Rules(timer_seconds=45))
    if fixed.seconds is not None:
        assert seconds == (fixed.seconds or None)
    else:
        assert seconds == (45 if own.timer else None)


def test_what_a_player_sets_is_read_back_as_theirs_and_nobody_elses(tmp_path):
    with Store.open(tmp_path) as store:
        ann = Settings(store)
        ann.play_as("Ann")
        assert ann.current() == PlayerSettings()  # never set: every field's default
        assert ann.set("theme", "nord") and ann.set("questions_per_round", 5) and ann.set("timer", True)
    with Store.open(tmp_path) as store:
        again = Settings(store)
        again.play_as("Ann")
        assert again.current() == PlayerSettings(theme="nord", questions_per_round=5, timer=True)
        ben = Settings(store)
        ben.play_as("Ben")
        assert ben.current() == PlayerSettings()


def test_a_global_setting_is_everyones_default_and_a_value_of_the_wrong_kind_reads_as_the_default(tmp_path):
    with Store.open(tmp_path) as store:
        store.set_setting("theme", "nord")  # saved before settings were per player
        store.set_setting("questions_per_round", "many")  # no orbitquiz wrote this
        store.set_setting("timer", 1)
        ann = Settings(store)
        ann.play_as("Ann")
        assert ann.current() == PlayerSettings(theme="nord", questions_per_round=Rules().questions_per_round,
                                               timer=True)
        assert ann.current(PlayerSettings(questions_per_round=7)).questions_per_round == 7


def test_a_fixed_setting_cannot_be_set_and_a_nameless_tabs_settings_become_its_players(tmp_path):
    with Store.open(tmp_path) as store:
        tab = Settings(store, FixedSettings(questions=3))
        assert not tab.set("questions_per_round", 8)
        assert tab.set("timer", True)  # before the tab's player has a name: kept for the tab
        assert store.find_player("Zoë") is None
        tab.play_as("Zoë")
        assert store.get_setting("timer", player=store.find_player("Zoë")) is True
        assert store.get_setting("questions_per_round", player=store.find_player("Zoë")) is None
