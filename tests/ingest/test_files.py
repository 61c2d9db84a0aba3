from pathlib import Path

from odm_intake.ingest.files import read_mbox, read_source
from odm_intake.ingest.identity import mail_identity
from tests.fixtures.mails import mail


def _mbox(tmp_path: Path, chunks: list[bytes]) -> Path:
    path = tmp_path / "box.mbox"
    path.write_bytes(b"".join(chunks))
    return path


def test_mbox_split_unescapes_from_lines(tmp_path):
    one = mail("ligne\n>From here", message_id="<a@x>")
    escaped = one.replace(b"\n>From here", b"\n>>From here")
    path = _mbox(tmp_path, [b"From a@x Mon Nov  2 08:00:00 2026\n", escaped, b"\n", b"From b@x Mon Nov  2 09:00:00 2026\n", mail("deux", message_id="<b@x>"), b"\n"])
    mails = list(read_mbox(path))
    assert len(mails) == 2
    assert b">From here" in mails[0].data and b">>From" not in mails[0].data
    assert mails[1].origin.endswith("#2")


def test_mbox_garbage_is_kept_not_dropped(tmp_path):
    path = _mbox(tmp_path, [b"\x00\xff garbage \x89PNG\n\n", b"From a@x Mon Nov  2 08:00:00 2026\n", mail("un"), b"\n"])
    mails = list(read_mbox(path))
    assert len(mails) == 2
    assert mails[0].data.startswith(b"\x00\xff")


def test_file_without_from_line_is_one_mail(tmp_path):
    path = tmp_path / "weird.mbox"
    path.write_bytes(b"\x01\x02 not a mailbox at all")
    assert len(list(read_mbox(path))) == 1


def test_maildir_reads_new_and_cur_including_empty_files(tmp_path):
    for sub in ("new", "cur", "tmp"):
        (tmp_path / "md" / sub).mkdir(parents=True)
    (tmp_path / "md" / "new" / "1.host").write_bytes(mail("a"))
    (tmp_path / "md" / "cur" / "2.host:2,S").write_bytes(b"")
    mails = list(read_source(tmp_path / "md"))
    assert [len(m.data) > 0 for m in mails] == [True, False]


def test_identity_ignores_line_end_framing():
    raw = mail("x")
    assert mail_identity(raw) == mail_identity(raw.replace(b"\r\n", b"\n") + b"\n")
    assert mail_identity(raw) != mail_identity(mail("y"))


def test_eml_folder_and_single_file(tmp_path):
    (tmp_path / "a.eml").write_bytes(mail("a"))
    (tmp_path / "b.txt").write_bytes(b"ignored")
    assert len(list(read_source(tmp_path))) == 1
    assert len(list(read_source(tmp_path / "a.eml"))) == 1
