import Link from 'next/link';

/** A form's primary submit button and, beside it, the link that leaves or resets the form. */
export function SubmitAndLink({ submit, href, link }: { submit: string; href: string; link: string }) {
  return (
    <>
      <button className="btn primary" type="submit">
        {submit}
      </button>
      <Link className="btn" href={href}>
        {link}
      </Link>
    </>
  );
}
