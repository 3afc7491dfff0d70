"""Steering the timer: planned breaks, protocol vs adjusted plan, cues, attribution, the public view."""

from facilitator.core.clock import FakeClock
from facilitator.core.display import public_view, state_of_run
from facilitator.core.live import LiveSession
from facilitator.core.models import SessionRun
from facilitator.core.timer import SessionTimer, cue

AGENDA = [10, 10, 20, 15, 20, 10, 5]  # 90 minutes


def started(clock: FakeClock) -> SessionTimer:
    timer = SessionTimer(list(AGENDA))
    timer.start(clock.now())
    return timer


def test_a_break_pauses_the_session_counts_down_and_moves_the_ends():
    clock = FakeClock()
    timer = started(clock)
    start = clock.now()
    clock.advance(5 * 60)
    assert timer.insert_break(10 * 60, clock.now()) is not None
    assert timer.insert_break(5 * 60, clock.now()) is None       # one break at a time
    clock.advance(4 * 60)
    state = timer.state(clock.now())
    assert state.on_break and state.paused and state.break_remaining_s == 6 * 60
    assert state.elapsed_s == 5 * 60 and state.item_remaining_s == 5 * 60   # the item waits
    assert state.planned_end_at == start + 100 * 60
    # projected: now + the break's remaining 6 min + the 85 min of the session left
    assert state.projected_end_at == clock.now() + 6 * 60 + 85 * 60
    clock.advance(8 * 60)                                        # the break overruns by 2 min
    assert timer.state(clock.now()).break_remaining_s == -2 * 60
    timer.toggle_pause(clock.now())                              # space ends the break
    clock.advance(60)
    state = timer.state(clock.now())
    assert not state.on_break and not state.paused
    assert state.paused_s == 12 * 60 and state.elapsed_s == 6 * 60 and state.breaks == 1


def test_protocol_plan_is_kept_apart_from_the_adjusted_plan():
    clock = FakeClock()
    timer = started(clock)
    timer.adjust(180, clock.now())
    timer.goto(4, clock.now())
    timer.adjust(-300, clock.now())
    items = timer.state(clock.now()).items
    assert (items[0].protocol_s, items[0].planned_s) == (600, 780)
    assert (items[4].protocol_s, items[4].planned_s) == (1200, 900)
    assert items[4].visited and not items[1].visited              # a jump skips the items between


def test_cue_fires_once_on_entering_wrap_up_then_overtime():
    clock = FakeClock()
    timer = started(clock)
    states = []
    for _ in range(2 * 11 * 60):                                 # half-second ticks through 11 minutes
        clock.advance(0.5)
        states.append(timer.state(clock.now()))
    cues = [c for before, after in zip(states, states[1:], strict=False) if (c := cue(before, after))]
    assert cues == ["wrap_up", "overtime"]
    # no cue when the item changes, nor while paused
    timer.next(clock.now())
    assert cue(states[-1], timer.state(clock.now())) is None


def test_session_events_are_attributed_to_the_facilitator_at_the_keyboard(programme):
    clock = FakeClock()
    session = programme.session(1)
    live = LiveSession(SessionRun(cycle_id="c1", number=1), session, at_keyboard="F2")
    live.start(clock.now())
    live.at_keyboard = "F1"
    live.next_item(clock.now())
    live.insert_break(10, clock.now())
    assert [(e["kind"], e.get("by")) for e in live.run.events] == [("start", "F2"), ("goto", "F1"),
                                                                   ("break", "F1")]


def test_public_view_shows_the_item_countdown_and_next_item_and_nothing_else(programme):
    clock = FakeClock()
    session = programme.session(1)
    run = SessionRun(cycle_id="c1", number=1)
    live = LiveSession(run, session)
    live.start(clock.now())
    live.add_note(session.agenda[0].id, "P03 parle de son ex", "F1", clock.now())
    live.set_display_message("Pause :   retour à 20 h 15", clock.now())
    clock.advance(60)
    state = state_of_run(run.planned_minutes, run.events, clock.now())
    view = public_view(session, state, run.display_message)
    assert view.item_number == 1 and view.item_title == session.agenda[0].title
    assert view.countdown == f"{session.agenda[0].minutes - 1:02d}:00"
    assert view.next_title == session.agenda[1].title
    assert view.message == "Pause : retour à 20 h 15"
    assert "P03" not in repr(view) and not any(p in repr(view) for p in session.agenda[0].prompts)


def test_review_timings_show_protocol_adjusted_and_actual_minutes(programme):
    from facilitator.core.review import session_timings

    clock = FakeClock()
    session = programme.session(1)
    run = SessionRun(cycle_id="c1", number=1)
    live = LiveSession(run, session)
    live.start(clock.now())
    live.adjust(120, clock.now())
    clock.advance(7 * 60)
    live.next_item(clock.now())
    live.end(clock.now(), [])
    rows, _actual, _paused, _pauses = session_timings(run)
    first = rows[0]
    assert (first.protocol_s, first.planned_s, first.actual_s) == (session.agenda[0].minutes * 60,
                                                                   session.agenda[0].minutes * 60 + 120, 420)
    assert rows[1].protocol_s == rows[1].planned_s == session.agenda[1].minutes * 60


def test_no_cue_when_the_clock_jumps_past_the_threshold():
    clock = FakeClock()
    timer = started(clock)
    before = timer.state(clock.now())
    clock.advance(11 * 60)          # e.g. a screen that was not refreshed: no late flash
    assert cue(before, timer.state(clock.now())) is None
