"""Demo content written for Backend Journeys: fictional people, original text."""

AUTHORS = [
    {
        "slug": "amina-wanjiru",
        "name": "Amina Wanjiru",
        "location": "Nairobi, Kenya",
        "bio": (
            "Backend developer at a logistics company in Nairobi. Spent four years as a supermarket "
            "cashier before teaching herself Python and **Django** on a phone and at a cyber café. "
            "Runs a free Saturday coding club for retail workers and believes every till queue is a "
            "lesson in load."
        ),
        "links": [
            ("github", "https://example.com/amina-wanjiru"),
            ("website", "https://example.org/amina"),
        ],
        "colour": "#1f6f5c",
    },
    {
        "slug": "joao-ferreira",
        "name": "João Ferreira",
        "location": "Porto, Portugal",
        "bio": (
            "Frontend developer for nine years, backend engineer since 2024. Lives in Porto, rows on "
            "the Douro at weekends, and still keeps the browser's network tab open out of habit. "
            "Writes about crossing from the client side to the server side."
        ),
        "links": [
            ("website", "https://example.org/joao-ferreira"),
            ("mastodon", "https://example.net/@joao"),
            ("github", "https://example.com/joao-ferreira"),
        ],
        "colour": "#b5542d",
    },
    {
        "slug": "priya-raghunathan",
        "name": "Priya Raghunathan",
        "location": "Bengaluru, India",
        "bio": (
            "Junior backend developer in Bengaluru and a 2024 computer-science graduate from Pune. "
            "Writes about interviews, first jobs and the things university did not cover, like what "
            "happens when a request is *retried*."
        ),
        "links": [
            ("github", "https://example.com/priya-r"),
            ("linkedin", "https://example.com/in/priya-raghunathan"),
        ],
        "colour": "#6a3fa0",
    },
    {
        "slug": "nguyen-thi-lan",
        "name": "Nguyễn Thị Lan",
        "location": "Da Nang, Vietnam",
        "bio": (
            "Backend developer at a clinic-booking startup in Da Nang, formerly a secondary-school "
            "chemistry teacher. Cares about **tests**, clear explanations and dates that land in the "
            "right time zone. Runs a Friday test-reading group at work."
        ),
        "links": [
            ("website", "https://example.org/lan"),
            ("bluesky", "https://example.net/lan-nguyen"),
        ],
        "colour": "#c2477a",
    },
    {
        "slug": "rafael-ortega",
        "name": "Rafael Ortega",
        "location": "Guadalajara, Mexico",
        "bio": (
            "Senior backend engineer in Guadalajara who started out supervising a warehouse night "
            "shift. Works mostly with Python and **PostgreSQL**, mentors career changers, and writes "
            "the tutorials he wishes he had had in 2012."
        ),
        "links": [
            ("website", "https://example.net/rafael-ortega"),
            ("gitlab", "https://example.com/rafael-ortega"),
            ("youtube", "https://example.com/@rafael-ortega-talks"),
        ],
        "colour": "#375a7f",
    },
]

SERIES = [
    {
        "slug": "postgres-for-app-developers",
        "title": "PostgreSQL for application developers",
        "description": (
            "Practical PostgreSQL for people who mostly meet the database through an ORM: reading "
            "query plans, adding the right indexes, and controlling who is allowed to see what."
        ),
    },
    {
        "slug": "your-first-django-api",
        "title": "Your first Django API",
        "description": (
            "Build a small JSON API with plain Django, then learn to test it properly. No extra "
            "frameworks, so you can see every moving part."
        ),
    },
]

STORIES = [
    {
        "slug": "from-the-till-to-the-terminal",
        "title": "From the till to the terminal: how a supermarket queue led me to Django",
        "summary": (
            "Four years behind a supermarket till in Nairobi taught Amina to notice systems under "
            "pressure. A phone, a cyber café and a patient Django tutorial did the rest."
        ),
        "authors": ["amina-wanjiru"],
        "tags": ["career-change", "django", "self-taught", "python"],
        "starting_point": "supermarket cashier",
        "country": "KE",
        "city": "Nairobi",
        "journey_started_year": 2019,
        "milestones": [
            (
                2019,
                "Wrote my first Python program on a phone, during lunch breaks at the supermarket",
            ),
            (2020, "Turned a Django blog tutorial into a stock-counting app for the shop floor"),
            (2021, "First paid project: a booking site for a hair salon in Kahawa West"),
            (2022, "Hired as a junior backend developer at a Nairobi logistics company"),
            (2024, "Gave my first meetup talk, about letting the database enforce the rules"),
        ],
        "published": "2025-03-14",
        "original_published_at": None,
        "canonical_url": "",
        "live": True,
        "featured": True,
        "body": """For four years I stood behind till number six at a supermarket on the edge of
Nairobi. I could count a cash float in under a minute, and I could tell from the sound of the
receipt printer when the paper roll was about to run out. I did not know what a server was. Today I
write backend code for a living, and I want to tell you honestly how that happened, because it was
slower and stranger than the success stories I used to read on my phone during lunch.

## The queue was my first classroom

What I noticed first was not code but systems. The tills froze every evening at around six, exactly
when the queue was longest. The supervisor said it was "the system". Customers blamed me. I started
wondering what "the system" actually was, and why it got tired at the same time every day.

One of the stock clerks had studied IT for a year before his fees ran out. He told me the tills all
talked to one computer in the back office, and that at six o'clock head office ran its sales reports
on that same computer. That was the first time I understood that software lives somewhere, that it
has a shape, and that someone decides how it behaves under pressure. I wanted to be that someone.

## A phone, a cyber café and a patient tutorial

I started in 2019 with a free Python course on my phone, reading on the matatu and typing exercises
during my break. Typing code on a phone keyboard is miserable, so on Sundays I paid for two hours at
a cyber café near my house. The first program I was proud of solved a problem I knew better than
anyone: giving change.

```python
DENOMINATIONS = [1000, 500, 200, 100, 50, 20, 10, 5, 1]


def make_change(amount):
    change = {}
    for value in DENOMINATIONS:
        count = amount // value
        if count:
            change[value] = count
            amount -= count * value
    return change


print(make_change(1385))
# {1000: 1, 200: 1, 100: 1, 50: 1, 20: 1, 10: 1, 5: 1}
```

It is a dozen lines, and I must have run it a hundred times. I already knew the right answers in my
head, which turned out to be a gift: when the program was wrong, I noticed instantly. I did not have
the word for it yet, but I was testing.

After the basics I found a free Django tutorial that walks you through building a blog. I followed
it three times. The first time I copied. The second time I understood the models. The third time I
turned the blog into a stock-counting app for our shop floor, because I was tired of counting tins
of tomato paste on paper.

## The first thing anyone paid me to build

In 2021 a friend of my cousin ran a salon in Kahawa West and was losing customers to double
bookings. I built her a small Django site: a list of stylists, a calendar, a booking form. She paid
me fifteen thousand shillings and a free appointment.

It broke in the first week. Two customers booked the same stylist for the same hour because both
forms were submitted within a second of each other, and my check in the view said the slot was free
for both of them. A kind stranger on a forum explained that the database should enforce that rule,
not my Python code, and I learned about unique constraints the hard way, with an apology and a
discount.

## Where I am now

In 2022 I got my first job as a junior backend developer at a logistics company here in Nairobi. I
still think like a cashier, and I no longer apologise for it:

- I care about what happens at six o'clock, when everyone arrives at once.
- I know the person in front of the screen is usually in a hurry and slightly annoyed, and that they
    deserve software that does not blame them.
- I count things twice.

If you are standing behind a counter reading this on your phone, I will not tell you it is easy. I
will tell you that the patience you use on a long queue is the same patience you need for a long
error message. You already have more of it than you think.
""",
    },
    {
        "slug": "nine-years-of-css-then-the-database",
        "title": "Nine years of CSS, then I opened the database",
        "summary": (
            "A frontend developer from Porto on what felt strange about moving to the server side, "
            "what carried over, and the N+1 query that taught him to read the SQL his code was sending."
        ),
        "authors": ["joao-ferreira"],
        "tags": ["frontend-to-backend", "django", "postgresql", "apis"],
        "starting_point": "frontend developer",
        "country": "PT",
        "city": "Porto",
        "journey_started_year": 2021,
        "milestones": [
            (2021, "Wrote my first Django endpoint, for my rowing club's boat-booking app"),
            (2022, "Moved to a full-stack role and joined the on-call rota for the first time"),
            (2023, "Reviewed my first PostgreSQL migration for a colleague"),
            (2024, "Job title changed to backend engineer"),
        ],
        "published": "2024-07-02",
        "original_published_at": "2024-02-19",
        "canonical_url": "https://example.net/joao-ferreira/nine-years-of-css",
        "live": True,
        "featured": False,
        "body": """I wrote my first line of CSS in 2012, for a bakery in Matosinhos that wanted its
opening hours online. For the next nine years I lived in the browser. I knew the box model the way
some people know football statistics. I could tell you which browser version broke which layout
trick. When something went wrong on the server, I opened a ticket and waited.

In 2021 I was building a side project, a small app for my rowing club to book boats, and there was
nobody to open a ticket for. So I wrote the backend myself, in Django, because a friend promised the
admin would save me a month. She was right.

## The comfortable side of the network

The frontend had trained me to think of the server as weather: something that happened to my app,
not something I shaped. A slow response was a spinner to design. An error was a toast message. I had
strong opinions about loading states and no opinions at all about transactions.

The first time I wrote an endpoint and watched it return JSON that I had designed myself, I felt
like I had walked behind the stage in a theatre. It was messier back there, and much more
interesting.

## The bug that taught me to read SQL

Three months after the boat app went live, the bookings page became slow. Not terrible, maybe a
second and a half, but I was a frontend developer and a second and a half felt like an insult. I
assumed the problem was my JavaScript. It was not.

I installed a debug toolbar and saw that one page load was running 203 queries. The view looked innocent:

```python
bookings = Booking.objects.filter(date__gte=today)[:100]
rows = [{"boat": b.boat.name, "member": b.member.name} for b in bookings]
```

Every `b.boat` and every `b.member` was a separate trip to the database: one query for the list,
then two more for every row. The fix was a single method call:

```python
bookings = (
    Booking.objects.filter(date__gte=today)
    .select_related("boat", "member")[:100]
)
```

203 queries became 3, and two of those were the session and the logged-in user. What stayed with me
was not the fix, though. It was seeing the actual SQL for the first time. The ORM had been a
friendly translator, and I had never asked what it was saying on my behalf. Now I keep the query
count visible on every page I work on, the same way I used to keep the network tab open.

## What carried over

I expected to feel like a beginner again, and in some ways I did. But more of my frontend years came
with me than I expected:

1. **Thinking in states.** A booking is pending, confirmed or cancelled, just like a button is idle,
    loading or disabled. State machines are state machines.
2. **Caring about the contract.** I had spent years consuming confusing APIs. I knew exactly which
    error messages made me want to throw my laptop, so I write the ones I wished I had received.
3. **Empathy for the caller.** Every endpoint has a user. Often that user is a frontend developer at
    eleven at night. I used to be them.
4. **Trusting measurements over guesses.** The network tab taught me that. `EXPLAIN` in PostgreSQL
    is the same habit on a different screen.

## What I would tell another frontend developer

Don't wait until you feel ready. Build something small where you are responsible for both sides, so
there is nobody to open a ticket for. Turn on query logging early. Learn what a transaction is
before you need one, because you will need one sooner than you think.

And don't let anyone tell you the years in the browser were a detour. They are the reason I knew
what a good API should feel like before I knew how to build one.
""",
    },
    {
        "slug": "my-first-backend-interview-question-by-question",
        "title": "My first backend interview, question by question",
        "summary": (
            "A new computer-science graduate from Pune writes down every question from her first "
            "backend interview, where she froze, and what she built before the next one."
        ),
        "authors": ["priya-raghunathan"],
        "tags": ["first-job", "interviews", "python", "apis"],
        "starting_point": "computer science student",
        "country": "IN",
        "city": "Pune",
        "journey_started_year": 2020,
        "milestones": [
            (2020, "Started a computer-science degree in Pune, mostly online at first"),
            (2021, "Wrote my first Flask app for a second-year project"),
            (2023, "Summer internship writing data-cleaning scripts"),
            (2024, "Graduated, failed my first backend interview and passed the second"),
        ],
        "published": "2024-09-03",
        "original_published_at": None,
        "canonical_url": "",
        "live": True,
        "featured": False,
        "body": """I graduated in May 2024 with a computer-science degree, a decent grade and an
uncomfortable secret: I had written plenty of algorithms but very little software that other people
used. My final-year project was a Flask app that three people ever logged into, and two of them were
my project partners.

In July I had my first interview for a junior backend role at a payments company. I did not get the
job. I wrote down everything I remembered on the bus home, while it was still sharp, and I am
sharing it because I wish someone had done this for me.

## The questions

The interview was ninety minutes with two engineers. Roughly in order:

**"Walk us through your final-year project."** Easy, I thought. Then they asked where the data was
stored, what happened if two users edited the same record, and how I had deployed it. I had an
answer for the first. For the other two I described what I would do, not what I had done, and I
could see them notice.

**"Write a query for the top three customers by total spend last month."** I typed this into a shared editor:

```sql
SELECT customer_id, SUM(amount) AS total
FROM payments
WHERE paid_at >= date_trunc('month', now()) - interval '1 month'
  AND paid_at < date_trunc('month', now())
GROUP BY customer_id
ORDER BY total DESC
LIMIT 3;
```

They liked it, then asked what happens if two customers tie for third place. I had not thought about
ties at all. The honest answer is that `LIMIT` just picks one, and if you care you need a
tie-breaker or a window function such as `RANK()`.

**"A client calls our create-payment endpoint, the request times out, and they retry. What
happens?"** This is where I froze. I said "the payment is created twice?" and then went quiet. One
of the engineers kindly gave me the word: idempotency. The client sends a unique key with the
request, the server stores it, and a retry with the same key returns the first result instead of
charging twice. I had never heard of it. I now think it is one of the most important ideas in
backend work.

**"Why might a query be slow, and how would you find out?"** I said "add an index", which was half
right. They wanted to hear that I would measure first, with `EXPLAIN`, before changing anything.

**"Tell us about a bug you are proud of fixing."** I described an off-by-one error in the pagination
of my Flask app. This went well, because it was true and I remembered exactly how it felt.

## The feedback

The recruiter sent a short note a week later. One line stayed with me:

> Strong fundamentals; limited exposure to how systems behave when things go wrong.

It stung because it was accurate. University had taught me how things work when they work.

## What I did in the six weeks after

I did not grind more algorithm puzzles. Instead I rebuilt my final-year project as something a
stranger could break:

- I moved it from SQLite to PostgreSQL and learned to read `EXPLAIN` output, slowly.
- I added an idempotency key to the one endpoint that created records, and wrote a test that sent
    the same request twice.
- I deployed it to a small cloud server and broke it on purpose: stopped the database, filled the
    disk, sent malformed JSON. I wrote down what happened each time.
- I read the documentation pages on transactions from start to finish, which nobody had ever told me to do.

My second interview, in late August, asked different questions, but the shape was the same: what
happens when it goes wrong? This time I had stories instead of guesses. I got the offer, and I start
in Bengaluru next month.

## If you are about to graduate

Your degree is not the problem. Algorithms matter, and my data-structures course helped me more than
once in that interview. But build one small thing all the way to production, then spend a week being
its enemy. Interviewers can tell the difference between someone who has read about failure and
someone who has cleaned up after it.
""",
    },
    {
        "slug": "from-chemistry-teacher-to-writing-tests",
        "title": "I taught chemistry for eight years. Now I write tests for a living",
        "summary": (
            "A secondary-school teacher in Da Nang on a part-time bootcamp, a time-zone bug that only "
            "appeared before 7 a.m., and why lesson plans and test plans have so much in common."
        ),
        "authors": ["nguyen-thi-lan"],
        "tags": ["career-change", "bootcamp", "python", "testing"],
        "starting_point": "secondary-school chemistry teacher",
        "country": "VN",
        "city": "Da Nang",
        "journey_started_year": 2020,
        "milestones": [
            (2020, "Schools closed; wrote my first Python script to shuffle quiz questions"),
            (2021, "Finished a sixteen-week part-time online bootcamp in Python and Django"),
            (2022, "First developer job, at a startup that builds booking software for clinics"),
            (2024, "Started a weekly test-reading group with my team"),
        ],
        "published": "2025-05-20",
        "original_published_at": None,
        "canonical_url": "",
        "live": True,
        "featured": False,
        "body": """For eight years I taught chemistry to fifteen-year-olds at a secondary school in
Da Nang. I loved the moment when a student who had been staring out of the window suddenly
understood why salt dissolves. I did not love the marking, the salary, or the feeling in 2020, when
the schools closed, that I was talking to a grid of black squares with no way of knowing whether
anyone was there.

During those months I started building small tools to make online teaching bearable: a script to
shuffle quiz questions, a spreadsheet that turned attendance into a chart. My brother, who works in
software, looked at the script and said, "You know people get paid for this?"

## Evenings and weekends

I could not afford to stop working, so in 2021 I joined a part-time online bootcamp: sixteen weeks,
three evenings a week plus Saturday mornings, Python and Django. I put my son to bed at nine and
studied until midnight. Some weeks I handed in half an assignment and felt like a bad student and a
bad mother at the same time.

The bootcamp was useful but not magic. It gave me structure, deadlines and people to ask. It did not
give me confidence; that came later, from fixing real things. If you are choosing one, ask how much
time they spend on reading other people's code, because that is most of the job and many courses
skip it.

## The bug that only happened before seven

My first job, in 2022, was at a small startup that builds booking software for clinics. In my second
month a receptionist reported that early in the morning the "today's appointments" screen sometimes
showed yesterday's list. Nobody could reproduce it, because nobody on the team was at work before
seven.

I was awake, though. My son gets up at half past five. I opened the screen at six and there were
yesterday's patients. This was the line responsible:

```python
from datetime import datetime
from zoneinfo import ZoneInfo

# Before: "today" was computed in UTC on the server.
# Vietnam is UTC+7, so until 7 a.m. local time, UTC was still on yesterday.
today = datetime.utcnow().date()

# After: ask for the date where the clinic actually is.
today = datetime.now(ZoneInfo("Asia/Ho_Chi_Minh")).date()
```

In the real code the time zone comes from each clinic's settings, but the idea is the same. The fix
was small; the lesson was not. Before I changed the line, I wrote a test that froze the clock at
06:30 Da Nang time and checked that "today" was the right date. It failed. Then I fixed the code and
it passed. My team lead asked me to show everyone how I had done it, and that accidental lunchtime
talk slowly turned into my job description.

## What teaching gave me

People are sometimes surprised that I enjoy testing, as if it is the boring corner of backend work.
For me it is the most familiar part. A good lesson plan says: here is what students should be able
to do by the end, and here is how I will check. A good test says the same thing about code.

- **A learning objective is an assertion.** "Students can balance this equation" and
    `assertEqual(balance(equation), expected)` are the same kind of sentence.
- **Edge cases are the students at the back.** Code usually works for the typical case. I was
    trained to think about the student who missed last week.
- **Explaining is debugging.** If I cannot explain why a test fails to a colleague in two sentences,
    I do not understand it yet.

I am now the person on my team who reviews test plans, and in 2024 I started a small group where we
read each other's tests on Friday afternoons. It feels a lot like a staff room, with better coffee.

## To other teachers

You already know how to break a big topic into small steps, how to notice when someone is lost, and
how to keep going when the room is not with you. Those skills travel. The chemistry mostly does not,
although I still think about reaction rates whenever a job queue backs up.
""",
    },
    {
        "slug": "twelve-years-in-what-i-tell-newcomers",
        "title": "Twelve years in: what I tell every newcomer I mentor",
        "summary": (
            "From a warehouse night shift outside Guadalajara to senior backend engineer, with the "
            "advice Rafael keeps repeating to the people he mentors and a few things he still gets wrong."
        ),
        "authors": ["rafael-ortega"],
        "tags": ["mentoring", "career-change", "postgresql", "self-taught"],
        "starting_point": "warehouse shift supervisor",
        "country": "MX",
        "city": "Guadalajara",
        "journey_started_year": 2012,
        "milestones": [
            (2012, "Replaced an eleven-minute warehouse spreadsheet with my first small database"),
            (2014, "First developer job, maintaining a PHP inventory system"),
            (2017, "Moved to a team working with Python and PostgreSQL"),
            (2021, "Became a senior backend engineer and started mentoring career changers"),
        ],
        "published": "2025-01-21",
        "original_published_at": "2024-11-02",
        "canonical_url": "https://example.net/rafael-ortega/twelve-years-in",
        "live": True,
        "featured": True,
        "body": """In 2012 I was a shift supervisor in a distribution warehouse outside Guadalajara.
Nights, mostly. My job was to make sure forty people loaded the right pallets onto the right trucks,
and the tool we had for that was a spreadsheet that took eleven minutes to open.

## The night shift and the spreadsheet

Nobody asked me to fix the spreadsheet. I did it because I hated waiting for it. I learned what a
macro was from a forum, then learned why my macro was slow, then learned that a spreadsheet with
ninety thousand rows secretly wants to be a database. By the end of that year I had a small database
on the office computer and a search page where supervisors could find any pallet in two seconds. I
had no idea that what I was doing had a name.

The contractor who looked after our computers came in once a month. He looked at my work and said
two things. The first was that it was a security disaster, which was true. The second was that he
needed a junior to maintain a PHP inventory system, and did I want to try.

## The PHP years

From 2014 to 2017 I maintained that system. It had no tests, one enormous file called
`functions.php`, and a table called `stock_final_v2`. I learned more there than anywhere since,
mostly by breaking things and staying late to fix them. In 2017 I joined a team that used Python and
PostgreSQL, and it felt like moving from a house with no doors into one with locks and labelled
keys.

I am now a senior backend engineer. Since 2021 I have mentored newcomers, some through work and some
through a volunteer programme that pairs career changers with experienced developers. I have had the
same conversation maybe thirty times, so I am finally writing it down.

## What I tell every newcomer

1. **Learn SQL properly, early.** Not just `SELECT`: joins, `GROUP BY`, transactions, and how to
    read `EXPLAIN`. ORMs are wonderful, and every ORM eventually hands you a query you need to
    understand.
2. **Your previous job is not wasted time.** I understood inventory before I understood code. That
    made me useful on day one, because I could talk to the people who used the system.
3. **Read error messages all the way to the end.** Out loud, if it helps. The answer is in the last
    line more often than you think.
4. **Write down what you tried.** A debugging log in a plain text file will save you, and it makes
    asking for help easier, because you can show what you have already ruled out.
5. **Ask after fifteen minutes, not after three days.** Being stuck for three days is not a sign of
    dedication. It is a sign that nobody made it safe to ask. If you mentor someone, making it safe
    is your first job.
6. **Keep pull requests small.** A reviewer can say yes to fifty lines. Nobody can truly review two thousand.

## What I still get wrong

I would like to say twelve years made me calm. They did not, entirely. I still underestimate
migrations on big tables. I still write "quick" scripts that end up running in production for two
years. I still, sometimes, answer a mentee's question too fast, when I should have asked what they
had already tried.

One of my mentees, a former teacher, told me that the most useful thing I ever said to her was "I
don't know, let's find out." I had forgotten saying it. I think about that a lot. The most helpful
thing a senior engineer can show a newcomer is not how much they know, but what they do when they
don't.

If you are where I was in 2012, with a slow spreadsheet and a stubborn feeling that things could be
better, trust that feeling. It is how most of us started.
""",
    },
    {
        "slug": "the-first-ninety-days-mentee-and-mentor",
        "title": "The first ninety days: a mentee and her mentor compare notes",
        "summary": (
            "Priya started her first backend job in Bengaluru; Rafael mentored her from Guadalajara "
            "over weekly calls. Each wrote down what the first three months looked like from their side."
        ),
        "authors": ["priya-raghunathan", "rafael-ortega"],
        "tags": ["first-job", "mentoring", "testing", "python"],
        "starting_point": "fresh graduate",
        "country": "IN",
        "city": "Bengaluru",
        "journey_started_year": 2024,
        "milestones": [
            (2024, "Started as a junior backend developer in Bengaluru"),
            (2024, "First pull request merged, after four days and one time-zone test failure"),
            (2024, "Fixed a duplicate invoice export with a failing test and a unique constraint"),
            (2025, "Shadowed my first on-call week and wrote the incident notes"),
        ],
        "published": "2025-04-08",
        "original_published_at": None,
        "canonical_url": "",
        "live": True,
        "featured": False,
        "body": """We met through a volunteer mentoring programme a week before Priya's first day as
a junior backend developer. We agreed on one thirty-minute call a week: Saturday morning for her in
Bengaluru, Friday evening for him in Guadalajara. After ninety days we each wrote down what it had
been like, without reading the other's notes first. Here they are, lightly edited.

## Weeks 1 to 4: drinking from the hose

**Priya:** I had imagined my first month as writing code. It was mostly reading it. Our main service
has around four hundred models and I understood about six of them. I spent the first week setting up
my laptop and being afraid to ask where the documentation was, because I assumed everyone else knew.
There was not much documentation. Nobody else knew either.

My first pull request changed one word in an error message. It took four days to merge, because I
did not know the tests had to pass on the build server and not just on my machine, and one of them
failed there because it depended on my laptop's time zone.

**Rafael:** Her first message to me began with an apology for a "stupid question" about the test
setup. My whole goal for month one was to get rid of that word. We spent the first two calls not on
code at all but on how to ask: what you tried, what you expected, what happened instead. By week
four her questions in the team chat were clearer than some seniors'.

## Weeks 5 to 8: the first real bug

**Priya:** My first real ticket was a report that some invoices were being exported twice. After two
days I found why: a background job retried after a timeout and never checked whether the export had
already happened. The interviewer who asked me about idempotency a few months earlier would have
smiled.

Rafael had pushed me to write the test before the fix, so I did:

```python
def test_export_is_not_repeated_on_retry(self):
    invoice = InvoiceFactory(status="ready")

    export_invoice(invoice.pk)
    export_invoice(invoice.pk)  # the retry

    self.assertEqual(ExportRecord.objects.filter(invoice=invoice).count(), 1)
```

It failed, which was the best feeling of the month. Then I added a unique constraint on the export
record and made the job check for an existing record before sending anything. It passed, and so did
the test I added for two workers running at the same time.

**Rafael:** I guessed the cause on the first call and did not say so. Instead I asked her to walk me
through the retry path out loud, one step at a time. Mentoring is mostly resisting the urge to be
useful too quickly. She found it herself, and she will remember it far longer than if I had told
her.

## Weeks 9 to 13: shadowing on-call

**Priya:** In my third month I shadowed an on-call week. Nothing happened for six days, and then on
the seventh night a disk filled up at two in the morning. I mostly watched, but I wrote the incident
notes, and my lead said they were the clearest she had read in a while. I did not tell her I had
practised by breaking my own project on purpose after university.

**Rafael:** This was the part I worried about most. The first on-call shift is where a lot of
newcomers quietly decide they are not cut out for this work. We talked about it before and after.
The rule I gave her: on a shadow shift your job is to learn where things are and to write things
down, not to fix anything.

## What we would keep, and what we would change

**Priya:** Keep the weekly call, even on weeks when I had nothing to ask, because those turned out
to be the best conversations. Change: I would start a work diary on day one instead of in week six.

**Rafael:** Keep asking her to explain her own bugs to me. Change: I should have introduced her to
other juniors much sooner. One mentor is good. A small group of people at the same stage is better.
""",
    },
    {
        "slug": "draft-saturday-django-club",
        "title": "Draft: Saturday mornings teaching Django to my old colleagues",
        "summary": (
            "Notes from a free coding club for people who still work the tills. Unfinished: the "
            "ending, a better title, and permission to quote two members."
        ),
        "authors": ["amina-wanjiru"],
        "tags": ["mentoring", "django", "career-change"],
        "starting_point": "supermarket cashier",
        "country": "KE",
        "city": "Nairobi",
        "journey_started_year": 2024,
        "milestones": [
            (2024, "Put up a poster for a free Saturday coding club on the staff noticeboard"),
            (2024, "First session: six people, three borrowed laptops"),
            (2025, "Two members finished their first Django project"),
        ],
        "published": "2026-04-11",
        "original_published_at": None,
        "canonical_url": "",
        "live": False,
        "featured": False,
        "body": """(Working title. Maybe "Back to till number six"? Ask the editors.)

In March 2024 I went back to the supermarket where I used to work. Not for a shift, but to pin a
poster on the staff noticeboard, next to the rota and a warning about expired yoghurt. It said:
"Free coding club, Saturdays 8 to 10, before your shift. No laptop needed. No experience needed. Tea
provided."

I was sure nobody would come.

## Why I went back

When I was learning, the hardest part was not Python. It was being the only person I knew who was
trying. Nobody at work understood why I was always reading on my phone, and nobody I met online
understood what a twelve-hour shift does to your brain. I wanted to build the room I had needed:
people with the same tired feet, learning together.

A church near the supermarket lets us use its hall for free, as long as we stack the chairs
afterwards. My employer lent us three old laptops that were going to be recycled. I bought an
extension cable and a big flask.

## What we actually do on Saturdays

Six people came to the first session. Four came back the next week, which I later learned is very good.

We follow a simple rhythm:

1. Fifteen minutes of tea and complaining about the week. This is not optional.
2. Forty-five minutes working through a small exercise in pairs, one laptop between two.
3. Thirty minutes building something real and tiny, usually a Django model for something from work:
    shelves, deliveries, shifts.
4. Ten minutes where everyone says one thing that confused them. I write them on the whiteboard and
    that becomes next week's plan.

We started with Django earlier than most courses would. Some people told me that was a mistake and
they should learn plain Python first. Maybe. But my members wanted to see something on a screen that
they could show their children, and the admin gives you that in an afternoon.

TODO: explain the shelf-labels project properly, with a short code example of the model. Keep it
under ten lines.

## What has surprised me

- Cashiers are very good at spotting edge cases. "What if the customer pays with two different
    cards?" came up in week two.
- The people who struggle most are not the ones with the least education. They are the ones with the
    least sleep.
- I have learned more Django by explaining it than I did by writing it for two years.

> TODO: two quotes from members here. Must ask both of them first, and ask whether they want their
> names used or not.

## Ending

TODO: I do not know how to end this yet. Two members have finished their first project, one is
applying to a bootcamp, and one has stopped coming because her shifts changed. I want to write about
her too, honestly, without making it sad. Maybe end with the poster, which is still up, slightly
torn, next to the rota?
""",
    },
]

TUTORIALS = [
    {
        "slug": "finding-a-slow-query-with-explain",
        "title": "Finding and fixing a slow query with EXPLAIN and the right index",
        "summary": (
            "Build a two-million-row table, read an EXPLAIN ANALYZE plan from the inside out, add a "
            "composite index that matches both the filter and the sort, and ship it from Django "
            "without blocking writes."
        ),
        "authors": ["rafael-ortega"],
        "tags": ["postgresql", "performance", "sql"],
        "published": "2024-10-15",
        "original_published_at": None,
        "canonical_url": "",
        "live": True,
        "featured": True,
        "difficulty": "intermediate",
        "estimated_minutes": 50,
        "prerequisites": (
            "PostgreSQL 14 or newer, running locally or in a container\n"
            "psql, or another SQL client you are comfortable with\n"
            "Confidence writing basic SELECT queries"
        ),
        "series": "postgres-for-app-developers",
        "series_position": 1,
        "body": """## The situation

Your app has a page that shows a customer's twenty most recent orders. It was instant in development
and now takes a few hundred milliseconds in production, more at busy times. The query looks
harmless:

```sql
SELECT id, status, total_cents, created_at
FROM orders
WHERE customer_id = 4217
ORDER BY created_at DESC
LIMIT 20;
```

In this part we reproduce the problem on a practice database, read what PostgreSQL is actually
doing, fix it with one index, and ship that index safely.

## Set up a practice database

### Step 1: Create a database and a table

```bash
createdb explain_practice
psql explain_practice
```

```sql
CREATE TABLE orders (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    customer_id bigint      NOT NULL,
    status      text        NOT NULL,
    total_cents integer     NOT NULL,
    created_at  timestamptz NOT NULL
);
```

### Step 2: Fill it with realistic data

Insert two million orders spread over 50,000 customers and two years:

```sql
INSERT INTO orders (customer_id, status, total_cents, created_at)
SELECT
    (random() * 49999)::bigint + 1,
    (ARRAY['pending', 'paid', 'shipped', 'refunded'])[floor(random() * 4)::int + 1],
    (random() * 20000)::int + 100,
    now() - random() * interval '730 days'
FROM generate_series(1, 2000000);

ANALYZE orders;
```

`ANALYZE` refreshes the statistics the planner uses to estimate row counts. Run it by hand after a
bulk load.

## Read the plan

### Step 3: Run EXPLAIN ANALYZE

`EXPLAIN` shows the plan PostgreSQL intends to use. Adding `ANALYZE` actually runs the query and
reports what really happened. `BUFFERS` adds how many 8 kB pages were touched, which is often the
most honest measure of work.

```sql
EXPLAIN (ANALYZE, BUFFERS, COSTS OFF)
SELECT id, status, total_cents, created_at
FROM orders
WHERE customer_id = 4217
ORDER BY created_at DESC
LIMIT 20;
```

`COSTS OFF` hides the planner's estimates to keep the output short. Leave costs on when
investigating for real: comparing estimated rows with actual rows is how you spot stale statistics.
Your output will look something like this, trimmed, with different numbers:

```text
Limit (actual time=218.793..233.012 rows=20 loops=1)
  Buffers: shared hit=12426 read=4355
  ->  Gather Merge (actual time=218.790..233.005 rows=20 loops=1)
        Workers Planned: 2
        Workers Launched: 2
        ->  Sort (actual time=118.542..118.544 rows=8 loops=3)
              Sort Key: created_at DESC
              Sort Method: quicksort  Memory: 26kB
              ->  Parallel Seq Scan on orders (actual time=9.513..118.276 rows=10 loops=3)
                    Filter: (customer_id = 4217)
                    Rows Removed by Filter: 666657
Planning Time: 0.246 ms
Execution Time: 233.049 ms
```

### Step 4: Read it from the inside out

A plan is a tree. The most indented node runs first and feeds its parent, so read from the bottom up:

1. **Parallel Seq Scan.** Three processes (the leader plus two workers, hence `loops=3`) each read a
    third of the table and throw away every row that is not customer 4217. Each discards about
    666,000 rows to keep about 10. Row counts in a plan are averages per loop.
2. **Sort.** Each process sorts its few survivors by `created_at DESC`. Cheap, because there are so few.
3. **Gather Merge.** The leader merges the three sorted streams.
4. **Limit.** Stops after 20 rows.

Now look at `Buffers`: around 16,800 pages, found in memory (`hit`) or read from disk (`read`).
That is the whole table, touched to return 20 rows. The sort is not the problem. The scan is.

## Fix it with the right index

### Step 5: Create a composite index

An index on `customer_id` alone would let PostgreSQL jump to the right customer, but it would still
have to sort. An index on `(customer_id, created_at DESC)` matches both the filter and the sort, so
PostgreSQL can read the first twenty entries in order and stop. Equality columns go first, then the
sort column.

```sql
CREATE INDEX CONCURRENTLY orders_customer_created_idx
    ON orders (customer_id, created_at DESC);
```

`CONCURRENTLY` builds the index without blocking inserts and updates. It is slower and cannot run
inside a transaction block, but on a busy production table it is almost always what you want. The
`DESC` is optional here, since a B-tree can be read backwards, but it documents intent and matters
when a query mixes directions.

### Step 6: Compare the plans

Run the same `EXPLAIN` again:

```text
Limit (actual time=0.034..0.317 rows=20 loops=1)
  Buffers: shared hit=10 read=16
  ->  Index Scan using orders_customer_created_idx on orders (actual time=0.032..0.312 rows=20 loops=1)
        Index Cond: (customer_id = 4217)
        Buffers: shared hit=10 read=16
Planning Time: 0.225 ms
Execution Time: 0.341 ms
```

From about 16,800 pages to 26, and from 233 ms to a third of a millisecond. There is no Sort node
at all, because the index already returns rows in the requested order. The 26 buffers are a few
index pages plus roughly one table page per order.

## Ship it from Django

### Step 7: Add the index in a migration

Declare the index in the `Meta` class of the `Order` model so Django knows it exists:

```python
    class Meta:
        db_table = "orders"
        indexes = [
            models.Index(fields=["customer", "-created_at"], name="orders_customer_created_idx"),
        ]
```

Run `python manage.py makemigrations`, open the new file and swap `AddIndex` for its concurrent cousin:

```python
from django.contrib.postgres.operations import AddIndexConcurrently
from django.db import migrations, models


class Migration(migrations.Migration):
    atomic = False  # CREATE INDEX CONCURRENTLY cannot run in a transaction

    dependencies = [
        ("shop", "0012_previous_migration"),
    ]

    operations = [
        AddIndexConcurrently(
            model_name="order",
            index=models.Index(fields=["customer", "-created_at"], name="orders_customer_created_idx"),
        ),
    ]
```

You can check the plan of an ORM query from `python manage.py shell`:

```python
qs = Order.objects.filter(customer_id=4217).order_by("-created_at")[:20]
print(qs.explain(analyze=True, buffers=True))
```

## When an index will not help

- **The filter matches a large share of the table.** `WHERE status = 'paid'` matches a quarter of
    our rows, and a sequential scan is genuinely cheaper. If you often query a small slice, such as
    pending orders, a partial index fits better:
    `CREATE INDEX ON orders (created_at) WHERE status = 'pending';`
- **The column is wrapped in a function.** `WHERE lower(email) = ...` cannot use a plain index on
    `email`. Create an expression index on `lower(email)` instead.
- **The leading column is missing.** Our index starts with `customer_id`, so a query filtering only
    on `created_at` cannot use it efficiently.
- **The statistics are stale.** If estimated and actual rows differ wildly, run `ANALYZE` and look again.

Every index also slows writes slightly and uses disk. Add indexes for queries you actually run, not
for every column.

## Recap

1. Reproduce the slow query with realistic data.
2. Read `EXPLAIN (ANALYZE, BUFFERS)` from the inside out.
3. Look for many rows examined per row returned.
4. Index the filter and the sort, `CONCURRENTLY`.
5. Compare plans; ship it in a non-atomic migration.

In part 2 we look at who is allowed to run these queries at all: roles, privileges and row-level security.
""",
    },
    {
        "slug": "roles-privileges-and-row-level-security",
        "title": "Roles, privileges and row-level security for your application",
        "summary": (
            "Stop connecting as the table owner. Set up separate owner, runtime and reporting roles, "
            "then use row-level security so each tenant only ever sees its own rows."
        ),
        "authors": ["rafael-ortega", "joao-ferreira"],
        "tags": ["postgresql", "security", "sql"],
        "published": "2025-02-18",
        "original_published_at": None,
        "canonical_url": "",
        "live": True,
        "featured": False,
        "difficulty": "advanced",
        "estimated_minutes": 60,
        "prerequisites": (
            "Part 1 of this series, or similar experience with SQL\n"
            "PostgreSQL 15 or newer, with superuser access to a local practice instance\n"
            "Python 3.11 or newer with psycopg 3 installed"
        ),
        "series": "postgres-for-app-developers",
        "series_position": 2,
        "body": """## Why the app should not connect as the owner

Many projects connect the application as the same role that created the tables, sometimes a
superuser. It works, and it means any injection bug or leaked password can drop tables, read
everything, and ignore every security rule you add later. In this part we create three roles with
clear jobs, then add row-level security (RLS) so each tenant sees only its own rows, enforced by the
database rather than by remembering a `WHERE` clause.

- **app_owner** owns the schema and tables. Migrations run as this role; the application never does.
- **app_runtime** is what the running app uses. It can read and write rows, but cannot create, alter
    or drop anything.
- **reporting** is a group role for read-only access. Analysts log in as themselves and inherit it.

## Set up roles and privileges

### Step 1: Create the roles and the database

Connect as a superuser and run the following. These passwords are for a local practice database only.

```sql
CREATE ROLE app_owner   LOGIN PASSWORD 'owner-dev-only';
CREATE ROLE app_runtime LOGIN PASSWORD 'runtime-dev-only';
CREATE ROLE reporting   NOLOGIN;
CREATE ROLE analyst     LOGIN PASSWORD 'analyst-dev-only' IN ROLE reporting;

CREATE DATABASE notes OWNER app_owner;
REVOKE ALL ON DATABASE notes FROM PUBLIC;
GRANT CONNECT ON DATABASE notes TO app_runtime, reporting;
```

Revoking from `PUBLIC` means only the roles we name can connect.

### Step 2: Give the app its own schema

Still as a superuser, connect to the new database with `psql -U postgres -d notes`:

```sql
CREATE SCHEMA app AUTHORIZATION app_owner;
GRANT USAGE ON SCHEMA app TO app_runtime, reporting;

ALTER ROLE app_owner   IN DATABASE notes SET search_path = app;
ALTER ROLE app_runtime IN DATABASE notes SET search_path = app;
ALTER ROLE analyst     IN DATABASE notes SET search_path = app;
```

`USAGE` lets a role find objects in the schema, not create them.

### Step 3: Set default privileges before creating tables

Grants on existing tables do not apply to tables created later, which is the classic cause of
"permission denied" the morning after a migration. Default privileges fix that:

```sql
ALTER DEFAULT PRIVILEGES FOR ROLE app_owner IN SCHEMA app
    GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO app_runtime;

ALTER DEFAULT PRIVILEGES FOR ROLE app_owner IN SCHEMA app
    GRANT USAGE, SELECT ON SEQUENCES TO app_runtime;

ALTER DEFAULT PRIVILEGES FOR ROLE app_owner IN SCHEMA app
    GRANT SELECT ON TABLES TO reporting;
```

`FOR ROLE app_owner` means "whenever app_owner creates something in this schema". If tables already
exist, also run the matching `GRANT ... ON ALL TABLES IN SCHEMA app` statements once.

## Row-level security for tenants

### Step 4: Create a table as the owner

```bash
psql "postgresql://app_owner:owner-dev-only@localhost/notes"
```

```sql
CREATE TABLE notes (
    id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    tenant_id  bigint      NOT NULL,
    body       text        NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX notes_tenant_idx ON notes (tenant_id);

INSERT INTO notes (tenant_id, body) VALUES
    (1, 'Tenant 1: renew the domain'),
    (1, 'Tenant 1: call the printer'),
    (2, 'Tenant 2: quarterly numbers');
```

### Step 5: Turn on RLS and write the policies

Still as app_owner:

```sql
ALTER TABLE notes ENABLE ROW LEVEL SECURITY;

CREATE POLICY tenant_isolation ON notes
    TO app_runtime
    USING (tenant_id = NULLIF(current_setting('app.tenant_id', true), '')::bigint)
    WITH CHECK (tenant_id = NULLIF(current_setting('app.tenant_id', true), '')::bigint);

CREATE POLICY reporting_read_all ON notes
    FOR SELECT
    TO reporting
    USING (true);
```

What each piece does:

1. Once RLS is enabled, a role sees no rows unless some policy allows them. The default is deny.
2. `USING` filters the rows a query can read, update or delete. `WITH CHECK` validates rows being
    written, so the app cannot insert a row for another tenant or move one across.
3. `current_setting('app.tenant_id', true)` returns NULL instead of an error when the setting is
    missing, and `NULLIF` turns the empty string it can hold after a transaction ends into NULL too.
    NULL never equals anything, so with no tenant set, no rows match: the policy fails closed.
4. Policies for the same command are combined with OR. Analysts see every tenant, but can still only
    `SELECT`, because that is all we granted.

### Step 6: Prove it in psql

Connect as the runtime role with `psql "postgresql://app_runtime:runtime-dev-only@localhost/notes"`:

```sql
SELECT count(*) FROM notes;
-- 0: no tenant set, so nothing is visible

BEGIN;
SELECT set_config('app.tenant_id', '1', true);
SELECT tenant_id, body FROM notes;
-- only the two rows for tenant 1

INSERT INTO notes (tenant_id, body) VALUES (2, 'sneaky');
-- ERROR:  new row violates row-level security policy for table "notes"
ROLLBACK;

DROP TABLE notes;
-- ERROR:  must be owner of table notes
```

The third argument of `set_config` is `is_local`: `true` makes the value last only until the
transaction ends, like `SET LOCAL`. Unlike `SET LOCAL`, it is an ordinary function, so it accepts
bind parameters. Connect as `analyst` too: `SELECT count(*) FROM notes;` returns 3, and
`DELETE FROM notes;` fails with "permission denied".

## Set the tenant from Python

The tenant must be set inside the same transaction as the queries. With psycopg 3:

```python
import psycopg

DSN = "postgresql://app_runtime:runtime-dev-only@localhost/notes"


def notes_for_tenant(tenant_id: int) -> list[tuple[int, str]]:
    with psycopg.connect(DSN, autocommit=True) as conn:
        with conn.transaction():
            conn.execute(
                "SELECT set_config('app.tenant_id', %s, true)",
                (str(tenant_id),),
            )
            return conn.execute("SELECT id, body FROM notes ORDER BY id").fetchall()


print(notes_for_tenant(1))  # [(1, 'Tenant 1: renew the domain'), (2, 'Tenant 1: call the printer')]
print(notes_for_tenant(2))  # [(3, 'Tenant 2: quarterly numbers')]
```

In Django, make the same `set_config` call with `connection.cursor()` inside
`transaction.atomic()`, for example from a middleware. Run `manage.py migrate` with the app_owner
credentials and the site itself with app_runtime.

## Things that will bite you

- **Owners and superusers bypass RLS.** The table owner ignores policies unless you also run
    `ALTER TABLE notes FORCE ROW LEVEL SECURITY`, and superusers and roles with `BYPASSRLS` always
    ignore them. One more reason the app must not connect as app_owner.
- **Session settings leak through connection pools.** With plain `SET`, or `set_config` with
    `false`, the tenant stays on the connection and the next request that borrows it inherits it.
    Keep it transaction-local.
- **Views run with their owner's privileges.** A view owned by app_owner bypasses RLS on `notes`
    unless it is created `WITH (security_invoker = true)`.
- **Policies are part of every query.** Index the columns they filter on, as we did with
    `tenant_id`, and check plans as in part 1.

## Recap

1. Separate owner, runtime and reporting roles.
2. Grant each role only what it needs.
3. Use default privileges for future tables.
4. Enable RLS with a policy that fails closed.
5. Test as every role, including refused ones.
""",
    },
    {
        "slug": "a-json-api-with-plain-django",
        "title": "Build a small JSON API with plain Django",
        "summary": (
            "Create a reading-list API with list, create and detail endpoints using only Django: "
            "models, JsonResponse, input validation and honest status codes. No extra frameworks."
        ),
        "authors": ["amina-wanjiru"],
        "tags": ["django", "python", "apis"],
        "published": "2025-06-10",
        "original_published_at": None,
        "canonical_url": "",
        "live": True,
        "featured": False,
        "difficulty": "beginner",
        "estimated_minutes": 45,
        "prerequisites": (
            "Python 3.11 or newer installed\n"
            "Basic Python: functions, dictionaries and imports\n"
            "A terminal you are comfortable in, with curl available"
        ),
        "series": "your-first-django-api",
        "series_position": 1,
        "body": """## What we are building

A reading-list API with three operations:

- `GET /api/books/` lists every book, newest first.
- `POST /api/books/` adds a book from a JSON body.
- `GET /api/books/<id>/` returns one book.

We will use only Django itself. Django REST framework is excellent and you will probably use it
later, but building one API by hand first means you will understand what it does for you.

## Set up the project

### Step 1: Create a virtual environment and install Django

```bash
mkdir readinglist
cd readinglist
python3 -m venv .venv
source .venv/bin/activate
python -m pip install "Django>=5.2,<6.0"
```

On Windows the activation script lives in the `Scripts` folder inside `.venv` instead of `bin`.

### Step 2: Start a project and an app

```bash
django-admin startproject config .
python manage.py startapp books
```

The dot after `config` puts `manage.py` in the current folder rather than a nested one. Open
`config/settings.py` and add the app to the end of `INSTALLED_APPS`:

```python
INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "books",
]
```

## Describe the data

### Step 3: Write the model

Replace the contents of `books/models.py`:

```python
from django.db import models


class Book(models.Model):
    title = models.CharField(max_length=200)
    author = models.CharField(max_length=200)
    finished = models.BooleanField(default=False)
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-added_at"]

    def __str__(self):
        return self.title

    def to_dict(self):
        return {
            "id": self.pk,
            "title": self.title,
            "author": self.author,
            "finished": self.finished,
            "added_at": self.added_at.isoformat(),
        }
```

`to_dict` keeps the JSON shape in one place. Every view that returns a book calls it, so different
endpoints cannot drift into different shapes.

### Step 4: Create the table

```bash
python manage.py makemigrations books
python manage.py migrate
```

`makemigrations` compares your models with the migrations that already exist and writes a new
file describing the difference, here `books/migrations/0001_initial.py`. It is plain Python, so open
it and have a look. `migrate` then applies every migration that has not run yet, including the ones
for Django's built-in apps. Commit migration files along with your code: they are how every copy
of the project, from your laptop to production, ends up with the same tables.

Django uses SQLite by default, which is perfect for learning. Everything here works unchanged on PostgreSQL.

## Write the views

### Step 5: Validate the input

Never trust a request body. Before saving anything, check that it has the shape you expect. Put this
function at the top of `books/views.py`, below the imports you will add in the next step:

```python
def validate_book(data):
    if not isinstance(data, dict):
        return {"body": "Expected a JSON object."}
    errors = {}
    for field in ("title", "author"):
        value = data.get(field)
        if not isinstance(value, str) or not value.strip():
            errors[field] = "This field is required."
        elif len(value) > 200:
            errors[field] = "Must be 200 characters or fewer."
    if "finished" in data and not isinstance(data["finished"], bool):
        errors["finished"] = "Must be true or false."
    return errors
```

Returning a dictionary of field names and messages gives API clients something they can show next to
the right form field.

### Step 6: Write the list and detail views

The rest of `books/views.py`:

```python
import json

from django.http import JsonResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from .models import Book

# validate_book() from step 5 goes here


@csrf_exempt
@require_http_methods(["GET", "POST"])
def book_list(request):
    if request.method == "GET":
        books = [book.to_dict() for book in Book.objects.all()]
        return JsonResponse({"results": books})

    try:
        data = json.loads(request.body)
    except ValueError:  # invalid JSON or invalid UTF-8
        return JsonResponse({"error": "Request body must be valid JSON."}, status=400)

    errors = validate_book(data)
    if errors:
        return JsonResponse({"errors": errors}, status=400)

    book = Book.objects.create(
        title=data["title"].strip(),
        author=data["author"].strip(),
        finished=data.get("finished", False),
    )
    return JsonResponse(book.to_dict(), status=201)


@csrf_exempt
@require_http_methods(["GET"])
def book_detail(request, pk):
    try:
        book = Book.objects.get(pk=pk)
    except Book.DoesNotExist:
        return JsonResponse({"error": "Book not found."}, status=404)
    return JsonResponse(book.to_dict())
```

A few things worth noticing:

1. `JsonResponse` serialises a dictionary and sets the `Content-Type` header. Wrapping the list in
    `{"results": ...}` leaves room to add pagination details later without breaking clients.
2. `require_http_methods` answers anything else with `405 Method Not Allowed`.
3. The status codes tell the truth: `201` for created, `400` when the client sent something wrong,
    `404` when the book does not exist.
4. `csrf_exempt` switches off Django's cross-site request forgery check for these views. That check
    protects browser forms that rely on login cookies. Our API has no login yet, so it is safe for
    now; revisit it the day you add authentication. Without it, curl would get `403 Forbidden` for
    any `POST` or `DELETE` before your view even ran.

### Step 7: Wire up the URLs

Create `books/urls.py`:

```python
from django.urls import path

from . import views

app_name = "books"

urlpatterns = [
    path("books/", views.book_list, name="list"),
    path("books/<int:pk>/", views.book_detail, name="detail"),
]
```

Then include it from `config/urls.py`:

```python
from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/", include("books.urls")),
]
```

## Try it

### Step 8: Run the server and send requests

```bash
python manage.py runserver
```

In a second terminal, add a book and list them:

```bash
curl -i -X POST http://127.0.0.1:8000/api/books/ -H "Content-Type: application/json" -d '{"title": "The Salt Road", "author": "A. Mwangi"}'
curl http://127.0.0.1:8000/api/books/
curl http://127.0.0.1:8000/api/books/1/
```

The first command should print `HTTP/1.1 201 Created` followed by the new book. Now send something invalid:

```bash
curl -i -X POST http://127.0.0.1:8000/api/books/ -H "Content-Type: application/json" -d '{"title": ""}'
```

You get a `400` and a body that explains exactly what is wrong:

```json
{"errors": {"title": "This field is required.", "author": "This field is required."}}
```

Try `/api/books/999/` for a `404`, and `curl -X DELETE` on a book for a `405`.

## How a request travels

It helps to trace one request from start to finish, because every Django API follows the same path:

1. The development server receives `POST /api/books/` and hands it to Django.
2. The URL resolver checks `config/urls.py`, strips the `api/` prefix, and finds `books/` in
    `books/urls.py`.
3. Django calls `book_list` with a `request` object holding the method, headers and raw body.
4. The view parses and validates the body, asks the model to insert a row, and returns a
    `JsonResponse`.

When something goes wrong, walk the same path and ask at which step it stopped.

## What we skipped on purpose

- **Authentication.** Anyone who can reach the server can add books.
- **Pagination.** Fine for a reading list, not for a million rows.
- **Updating and deleting.** Good practice: add a `PATCH` handler to `book_detail` yourself.

In part 2 we turn every curl command above into a test the computer can repeat in a fraction of a
second, so you can change this code without fear.
""",
    },
    {
        "slug": "testing-your-django-api",
        "title": "Testing your Django API with the built-in test client",
        "summary": (
            "Write fast, readable tests for the reading-list API from part 1: status codes, JSON "
            "bodies, bad input, missing records and ordering, plus a flaky test fixed before it bites."
        ),
        "authors": ["nguyen-thi-lan"],
        "tags": ["django", "testing", "apis", "python"],
        "published": "2025-07-22",
        "original_published_at": None,
        "canonical_url": "",
        "live": True,
        "featured": False,
        "difficulty": "beginner",
        "estimated_minutes": 40,
        "prerequisites": (
            "Part 1 of this series finished, with the readinglist project on your machine\n"
            "The project's virtual environment activated\n"
            "Python 3.11 or newer"
        ),
        "series": "your-first-django-api",
        "series_position": 2,
        "body": """## Why test through HTTP

Django's test client sends fake requests to your views without running a server. Tests written this
way check what the users of your API actually experience: status codes, JSON bodies, headers. They
also survive refactoring, because they do not care how a view is built inside, only what it returns.

Two things happen behind the scenes that make this comfortable:

- The test runner creates a separate test database, so your real data is never touched.
- `django.test.TestCase` wraps each test in a transaction and rolls it back afterwards, so every
    test starts from the same clean state.

## Get the runner going

### Step 1: Run the empty suite

```bash
python manage.py test books
```

`startapp` created an empty `books/tests.py`, so this finds zero tests. That is fine: it proves the
command, the settings and the test database all work before you write anything.

## Test the list endpoint

### Step 2: Start with the empty case

Replace the contents of `books/tests.py`:

```python
from datetime import timedelta

from django.test import TestCase
from django.urls import reverse
from django.utils import timezone

from .models import Book


class BookListTests(TestCase):
    def setUp(self):
        self.url = reverse("books:list")

    def test_empty_list_returns_empty_results(self):
        response = self.client.get(self.url)

        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.json(), {"results": []})
```

`reverse("books:list")` builds the URL from the name we gave it in part 1, so tests do not break if
the path changes. `response.json()` parses the body and fails loudly if it is not JSON. Run the
suite again and you will see one dot for one passing test.

### Step 3: Test creating a book

Add this method to `BookListTests`:

```python
    def test_create_book_returns_201_and_saves_it(self):
        payload = {"title": "The Quiet Harbour", "author": "L. Tran"}

        response = self.client.post(self.url, payload, content_type="application/json")

        self.assertEqual(response.status_code, 201)
        body = response.json()
        self.assertEqual(body["title"], "The Quiet Harbour")
        self.assertFalse(body["finished"])
        self.assertTrue(Book.objects.filter(pk=body["id"]).exists())
```

With `content_type="application/json"`, the client turns the dictionary into a JSON body for you.
Notice that the test checks the database as well as the response. An API that answers `201` but
saves nothing is a real bug I have seen.

### Step 4: Test bad input with subTest

Invalid input has many shapes. Rather than writing one test per shape, loop over them with
`subTest`, which reports each failing case separately:

```python
    def test_create_rejects_bad_input(self):
        cases = [
            ({}, "title"),
            ({"title": "   ", "author": "L. Tran"}, "title"),
            ({"title": "Harbour", "author": 42}, "author"),
            ({"title": "Harbour", "author": "L. Tran", "finished": "yes"}, "finished"),
        ]
        for payload, field in cases:
            with self.subTest(payload=payload):
                response = self.client.post(self.url, payload, content_type="application/json")

                self.assertEqual(response.status_code, 400)
                self.assertIn(field, response.json()["errors"])

        self.assertEqual(Book.objects.count(), 0)
```

The final assertion matters: a rejected request must not leave half a book behind.

### Step 5: Test a body that is not JSON

When `data` is a string, the client sends it exactly as it is:

```python
    def test_invalid_json_returns_400(self):
        response = self.client.post(self.url, "{not json", content_type="application/json")

        self.assertEqual(response.status_code, 400)
        self.assertIn("error", response.json())
```

## Test the detail endpoint

### Step 6: Share data with setUpTestData

`setUp` runs before every test. `setUpTestData` runs once per class, and Django restores the data
between tests, which keeps larger suites fast. Add a second class at the bottom of the file:

```python
class BookDetailTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.book = Book.objects.create(title="Salt and Iron", author="M. Okafor", finished=True)

    def test_detail_returns_the_book(self):
        response = self.client.get(reverse("books:detail", args=[self.book.pk]))

        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.json()["title"], "Salt and Iron")
        self.assertTrue(response.json()["finished"])

    def test_unknown_id_returns_json_404(self):
        response = self.client.get(reverse("books:detail", args=[999999]))

        self.assertEqual(response.status_code, 404)
        self.assertEqual(response.json(), {"error": "Book not found."})

    def test_delete_is_not_allowed(self):
        response = self.client.delete(reverse("books:detail", args=[self.book.pk]))

        self.assertEqual(response.status_code, 405)
        self.assertTrue(Book.objects.filter(pk=self.book.pk).exists())
```

## Fix a flaky test before it happens

### Step 7: Make ordering deterministic

Our list promises "newest first". The obvious test creates two books and checks their order, and it
will pass almost every time. But if both rows get the same timestamp, which can happen on systems
with a coarse clock, the order is undefined and the test fails at random. Nobody trusts a suite that
fails at random.

`auto_now_add` ignores values passed to `create()`, so set the timestamp explicitly with `update()`,
which writes straight to the database:

```python
    def test_list_is_newest_first(self):
        older = Book.objects.create(title="Older", author="A. Writer")
        newer = Book.objects.create(title="Newer", author="B. Writer")
        Book.objects.filter(pk=older.pk).update(added_at=timezone.now() - timedelta(days=1))

        response = self.client.get(self.url)

        ids = [book["id"] for book in response.json()["results"]]
        self.assertEqual(ids, [newer.pk, older.pk])
```

This method belongs in `BookListTests`, next to the others.

## Run everything and measure coverage

### Step 8: Run the suite

```bash
python manage.py test books
```

```text
Found 8 test(s).
Creating test database for alias 'default'...
System check identified no issues (0 silenced).
........
----------------------------------------------------------------------
Ran 8 tests in 0.052s

OK
Destroying test database for alias 'default'...
```

Add `-v 2` to see each test's name as it runs. If a test fails, Django prints the test name, the
failing assertion and both values. Read it from the bottom up, just like a traceback: the last lines
say what was expected and what arrived. Descriptive test names such as
`test_unknown_id_returns_json_404` pay off here, because the name alone often tells you what broke.

### Step 9: See what you missed

```bash
python -m pip install coverage
coverage run --source=books manage.py test books
coverage report -m
```

The `Missing` column lists line numbers that no test executed. Treat it as a map of questions, not a
score to maximise: each uncovered line asks "what should happen here?"

## What to test next

1. A title of exactly 200 characters passes, and 201 characters fails.
2. `finished` set to `true` is saved and returned as `true`.
3. Whitespace around titles is stripped before saving.

Write each test first, watch it fail or pass for the right reason, and only then touch the code.
That habit is worth more than any coverage number.
""",
    },
]
